export default function Home() {
  return (
    <main>
      <h1>account-linker with Next.js</h1>
      <p>
        Demo sign-in (no password: see the README): <a href="/login?user=auth0%7Calice0001">Alice</a> ·{' '}
        <a href="/login?user=auth0%7Cbob0002">Bob</a>
      </p>
    </main>
  );
}
