/** Stylesheets imported for their side effect: wp-scripts builds them into build/settings.css. */
declare module '*.css';
