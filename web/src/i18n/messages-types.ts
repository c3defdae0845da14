/** A table with exactly the keys of its English original: a key missing in zh-CN is a compile error. */
export type Translation<T> = { readonly [K in keyof T]: string };
