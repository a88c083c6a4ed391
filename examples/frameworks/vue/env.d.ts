/// <reference types="account-linker/types/vue" />
