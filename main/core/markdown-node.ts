/** Markdown rendering for Node code (CLI, HTML exports, tests): DOMPurify bound to a jsdom window. */
import createDOMPurify from 'dompurify';
import { JSDOM } from 'jsdom';
import { renderMarkdown, type Heading, type Purifier } from './markdown';

let purifier: Purifier | undefined;

export function nodePurifier(): Purifier {
  if (!purifier) purifier = createDOMPurify(new JSDOM('').window as never) as unknown as Purifier;
  return purifier;
}

export function renderMarkdownNode(markdown: string): { html: string; headings: Heading[] } {
  return renderMarkdown(markdown, nodePurifier());
}
