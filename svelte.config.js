import adapter from '@sveltejs/adapter-static';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';
import { mdsvex } from 'mdsvex';
import { fileURLToPath } from 'node:url';

// mdsvex needs an absolute layout path; resolving it here keeps builds independent of the cwd.
const lessonLayout = fileURLToPath(new URL('./src/lib/lessons/LessonLayout.svelte', import.meta.url));

/** @type {import('@sveltejs/kit').Config} */
const config = {
	extensions: ['.svelte', '.svx', '.md'],
	preprocess: [vitePreprocess(), mdsvex({ extensions: ['.svx', '.md'], layout: { _: lessonLayout } })],
	compilerOptions: {},
	vitePlugin: {
		// Runes everywhere except mdsvex output, whose layout wiring uses legacy props.
		dynamicCompileOptions({ filename }) {
			if (filename.endsWith('.svelte') && !filename.includes('node_modules')) return { runes: true };
		}
	},
	kit: {
		adapter: adapter({ fallback: undefined, strict: true }),
		prerender: { handleHttpError: 'fail', handleMissingId: 'fail' },
		alias: { $content: 'content' }
	}
};

export default config;
