import { gsap } from 'gsap';

// The engine hands plugins `window.gsap` (motiontext-renderer reads the global, it imports no
// GSAP itself), and plugin modules that `import 'gsap'` get it through the import map in
// index.html. Same GSAP build as the render page (the workspace's pinned gsap). Unlike the render
// page, the preview keeps GSAP on its own ticker: it plays in real time, it is not stepped.
(window as unknown as { gsap: typeof gsap }).gsap = gsap;
