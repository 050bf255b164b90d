import { lessons } from '$lib/lessons/catalog.server';
import type { LayoutServerLoad } from './$types';

// Prerendered: the catalog is validated once at build time and serialised into every page's data.
export const load: LayoutServerLoad = () => ({ lessons });
