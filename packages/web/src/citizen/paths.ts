// The citizen bundle's two addresses (the server maps both to index.html).
export const CHAT_PATH = '/';
export const QUICK_EXIT_HELP_PATH = '/aide/sortie-rapide';
