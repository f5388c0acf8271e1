// Where the project deliberately differs from a suite's expectation, case by case, with the
// reason. Each is listed in the README's feed section; the conformance test counts these as
// correct and reports how many it used, so a new mismatch is never silently absorbed.
import type { Field, Suite } from './suites';

export interface Deliberate {
  suite: Suite;
  /** The case's path inside its suite's folder. */
  name: string;
  /** The field whose check differs; 'ingest' for a feed refused on purpose. */
  field: Field | 'ingest';
  reason: string;
}

export const DELIBERATE: Deliberate[] = [
  {
    suite: 'feedparser',
    name: 'entities/lang.xml',
    field: 'title',
    reason: "&lang; decodes to U+27E8 as HTML5 defines it; feedparser uses HTML 4's deprecated U+2329",
  },
  {
    suite: 'feedparser',
    name: 'entities/rang.xml',
    field: 'title',
    reason: "&rang; decodes to U+27E9 as HTML5 defines it; feedparser uses HTML 4's deprecated U+232A",
  },
  {
    suite: 'feedparser',
    name: 'wellformed/sanitize/xml_malicious_comment.xml',
    field: 'title',
    reason: 'an HTML comment ends only at "-->" (HTML5, as browsers show it), so "sa<!-- -- x >fe…" is "sa"',
  },
  {
    suite: 'feedparser',
    name: 'wellformed/sanitize/xml_declaration_unexpected_character.xml',
    field: 'title',
    reason: 'a title that is only an unterminated markup declaration ("<!DOCTYPE ~") shows no text, as in a browser',
  },
  {
    suite: 'feedparser',
    name: 'wellformed/base/http_item_link_base_content_location.xml',
    field: 'link',
    reason: "relative links resolve against xml:base, the feed's link and its URL; the Content-Location header is not used",
  },
  {
    suite: 'feedparser',
    name: 'wellformed/rdf/doctype_contains_entity_decl.xml',
    field: 'ingest',
    reason: 'a DOCTYPE declaring parameter or external entities is refused with a clear message (DTDs are never processed)',
  },
];

export function deliberate(suite: Suite, name: string, field: Field | 'ingest'): Deliberate | undefined {
  return DELIBERATE.find((d) => d.suite === suite && d.name === name && d.field === field);
}
