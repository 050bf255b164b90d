/**
 * The lessons on disk, validated at build time.
 *
 * Server-only (SvelteKit keeps `*.server.ts` out of the browser bundle): reading every lesson's
 * frontmatter means importing every lesson module, which only the prerenderer should do. Pages get the
 * catalog through their server `load` functions, serialised into the prerendered data.
 */
import { buildCatalog, type Lesson } from './catalog';

// Every .svx/.md file under content/lessons, so a misnamed or misplaced lesson is reported, not ignored.
const metadata = import.meta.glob('/content/lessons/**/*.{svx,md}', { eager: true, import: 'metadata' });

export const lessons: Lesson[] = buildCatalog(
	Object.entries(metadata).map(([file, meta]) => ({ file, metadata: meta }))
);
