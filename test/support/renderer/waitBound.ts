// Renderer set-up file: Testing Library's findBy* and waitFor give up after 1 s by default, which a render
// on a loaded 2-core CI machine can take; the test then fails although nothing is wrong. A wait still ends
// as soon as its condition holds: this is only how long it may take before the test fails.
import { configure } from '@testing-library/svelte';

configure({ asyncUtilTimeout: 15_000 });
