// Imported first by every page-side entry (renderer, preload): zod must not probe `new Function` to compile
// its parsers, which a CSP without 'unsafe-eval' blocks and Chromium reports as a violation each start.
import { z } from 'zod';

z.config({ jitless: true });
