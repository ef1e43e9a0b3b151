/**
 * Puts text on the clipboard. navigator.clipboard exists only in secure
 * contexts, and many wp-admins are served over plain http, so a hidden
 * textarea and execCommand( 'copy' ) are the fallback.
 */
export async function copyText( text: string ): Promise< boolean > {
	try {
		if ( navigator.clipboard?.writeText ) {
			await navigator.clipboard.writeText( text );
			return true;
		}
	} catch {
		// Refused (no permission, document not focused): try the old way.
	}
	const textarea = document.createElement( 'textarea' );
	textarea.value = text;
	textarea.setAttribute( 'readonly', '' );
	textarea.style.position = 'fixed';
	textarea.style.opacity = '0';
	// Copying moves focus to the textarea; give it back to the button.
	const { activeElement } = textarea.ownerDocument;
	const previousFocus =
		activeElement instanceof HTMLElement ? activeElement : null;
	document.body.append( textarea );
	textarea.focus();
	textarea.select();
	let copied = false;
	try {
		copied = document.execCommand( 'copy' );
	} catch {
		copied = false;
	}
	textarea.remove();
	previousFocus?.focus();
	return copied;
}
