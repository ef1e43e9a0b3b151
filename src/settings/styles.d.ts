/** Stylesheets imported for their side effect: wp-scripts builds them into build/settings.css (and its -rtl twin). */
declare module '*.css';
declare module '*.scss';
