const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};
export const escapeHtml = (text: string | number) => String(text).replace(/[&<>"']/g, (c) => ESCAPES[c]!);

/** Markup already built and escaped. */
export class Html {
  constructor(readonly html: string) {}
}

/** Builds HTML from a template, escaping every interpolated value (arrays are joined, already built). */
export function html(strings: TemplateStringsArray, ...values: (string | number | Html | Html[])[]): Html {
  let out = strings[0]!;
  values.forEach((value, i) => {
    const text = Array.isArray(value)
      ? value.map((v) => v.html).join('')
      : value instanceof Html
        ? value.html
        : escapeHtml(value);
    out += text + strings[i + 1]!;
  });
  return new Html(out);
}
