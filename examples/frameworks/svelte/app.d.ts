/// <reference types="account-linker/types/svelte" />
