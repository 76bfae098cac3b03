import { defineConfig } from 'drizzle-kit';

// `npm run db:generate -w bff` writes versioned SQL migrations to bff/drizzle/ (offline).
export default defineConfig({
  dialect: 'postgresql',
  schema: './src/db/schema.ts',
  out: './drizzle',
});
