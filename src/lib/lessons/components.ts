/**
 * Lesson bodies as lazily loaded Svelte components, one chunk per lesson, keyed by folder name.
 * The catalog (catalog.server.ts) has already validated that every folder holds an index.svx.
 */
import type { Component } from 'svelte';

const modules = import.meta.glob<Component>('/content/lessons/*/index.svx', { import: 'default' });

export async function loadLessonComponent(slug: string): Promise<Component> {
	const load = modules[`/content/lessons/${slug}/index.svx`];
	if (!load) throw new Error(`No lesson component for content/lessons/${slug}/index.svx`);
	return load();
}
