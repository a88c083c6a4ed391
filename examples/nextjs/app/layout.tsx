import type { ReactNode } from 'react';

export const metadata = { title: 'Your sign-in methods' };

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body>{children}</body>
    </html>
  );
}
