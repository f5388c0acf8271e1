// Limits that a command's declaration and the service behind it must agree on.

/** Characters in a search query: the /search option's maxLength and the search service's check. */
export const MAX_QUERY_LENGTH = 200;

/** Characters in a watch's query (/watch): the option's maxLength and the watch service's check. */
export const MAX_WATCH_QUERY_LENGTH = 100;
