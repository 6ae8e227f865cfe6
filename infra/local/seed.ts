// Placeholder by engineer A until engineer C replaces this file (C owns it): no demo data yet.
export async function seed(_env: Record<string, string>): Promise<void> {}
