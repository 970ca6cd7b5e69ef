// How price-match.ts reads a caller's words and a price book's service names: folded (lower case,
// no accents, no apostrophes, singular) and mapped through a small synonym table to concepts, so
// "clogged drain", "drain cleaning" and "destapar el desagüe" all say drain + clean.
//
// The table is deliberately small and honest: a phrase is listed only where it means the same job
// to a caller and to the owner. "boiler" is NOT a water heater (in the US it heats the house; taking
// it for one would quote a water heater price for another job), and a lone "heater" is left
// unread for the same reason. Words the table does not know stay as words: an entry named with
// them ("Gutter cleaning") is still found when the caller says them.

export type ConceptKind = 'thing' | 'work' | 'visit';

/** What a phrase means: [phrases separated by "|", concepts]. Longer phrases win over shorter ones. */
const SYNONYMS: readonly [string, readonly string[]][] = [
  // Things worked on.
  ['drain|drain line|drenaje|desague|coladera|resumidero', ['drain']],
  [
    // Gallons size a water heater: "our 40 gallon tank" is one (a toilet or septic tank is named as such).
    'water heater|hot water heater|hot water tank|hot water|gallon tank|gal tank|gallon heater|calentador|calentador de agua|termo|termotanque',
    ['water_heater'],
  ],
  [
    'tankless|tankless water heater|tankless heater|on demand water heater|calentador sin tanque|calentador de paso|calentador instantaneo',
    ['tankless_water_heater'],
  ],
  ['boiler|caldera', ['boiler']],
  ['toilet|commode|inodoro|excusado|escusado|taza del bano|wc|sanitario', ['toilet']],
  ['faucet|tap|grifo|llave del agua|mezcladora|canilla', ['faucet']],
  ['sink|lavabo|lavamano|fregadero|tarja', ['sink']],
  ['shower|tub|bathtub|ducha|regadera|tina|banera', ['shower']],
  ['garbage disposal|disposal|disposer|garbage disposer|insinkerator|triturador|trituradora|triturador de basura', ['disposal']],
  ['pipe|piping|tuberia|tubo|cano', ['pipe']],
  ['repipe|repiping|re pipe|whole house repipe', ['repipe']],
  ['sewer|sewer line|sewer main|alcantarillado|cloaca', ['sewer']],
  ['gas line|gas pipe|linea de gas|tuberia de gas', ['gas_line']],
  ['water line|water main|main water line|linea de agua', ['water_line']],
  ['sump pump|sump|bomba de sumidero|carcamo', ['sump_pump']],
  ['water softener|softener|suavizador|suavizador de agua', ['water_softener']],
  ['well pump|bomba de pozo', ['well_pump']],
  [
    'air conditioner|air conditioning|ac|a c|ac unit|hvac|central air|central ac|central air conditioning|heat pump|aire acondicionado|minisplit|mini split',
    ['air_conditioning'],
  ],
  ['furnace|calefaccion', ['furnace']],
  ['thermostat|termostato', ['thermostat']],
  ['outlet|socket|enchufe|tomacorriente', ['outlet']],
  ['electrical panel|breaker panel|breaker box|breaker|fuse box|panel electrico|caja de fusible', ['electrical_panel']],
  ['wiring|rewire|rewiring|cableado', ['wiring']],
  ['light fixture|ceiling fan|lampara|ventilador de techo', ['light_fixture']],
  ['roof|roofing|roofer|shingle|techo|tejado|teja', ['roof']],
  ['gutter|canaleta|canalon', ['gutter']],
  ['dishwasher|lavavajilla|lavaplato', ['dishwasher']],
  ['washing machine|washer|lavadora', ['washing_machine']],
  ['lock|lockout|locked out|cerradura|chapa', ['lock']],
  ['septic|septic tank|septic system|fosa septica|pozo septico|tanque septico', ['septic']],
  ['pool|pool heater|pool pump|hot tub|spa|jacuzzi|piscina|alberca', ['pool']],
  // Household appliances other than the ones a plumber hooks up (dishwasher, washer, disposal above),
  // and a washer's or dryer's own machinery: a drum that will not spin is the appliance, not its hookup.
  [
    'wont spin|not spinning|doesnt spin|stopped spinning|wont agitate|not agitating|no centrifuga|no exprime|no gira|appliance|refrigerator|fridge|freezer|ice maker|icemaker|dryer|clothes dryer|oven|stove|cooktop|microwave|electrodomestico|refrigerador|refrigeradores|refri|nevera|congelador|congeladores|secadora|horno|estufa|microonda',
    ['appliance'],
  ],
  // A leak is a thing to find and, always, a repair.
  ['leak|leaking|leaky|drip|dripping|fuga|gotea|goteando|goteo|gotera', ['leak', 'repair']],
  // Work done to it.
  [
    'clean|cleaning|cleanout|clean out|unclog|unclogging|clog|clogged|clogging|blocked|blockage|backed up|backing up|slow|snake|snaking|rooter|hydro jet|hydrojet|jetting|destapar|destape|tapado|tapada|atascado|atascada|atasco|tapon|obstruido|limpieza|limpiar|desatascar|desatorar|desazolve',
    ['clean'],
  ],
  [
    'repair|fix|fixing|fixed|broken|broke|running|keep running|not working|stopped working|wont work|doesnt work|cracked|jammed|stuck|noise|noisy|reparar|reparacion|arreglar|arreglo|roto|rota|descompuesto|descompuesta|no funciona|no sirve|no calienta|no prende',
    ['repair'],
  ],
  [
    'replace|replaced|replacement|replacing|new|install|installation|installing|installed|put in|swap|upgrade|reemplazar|reemplazo|cambiar|cambio|instalar|instalacion|nuevo|nueva',
    ['replace'],
  ],
  ['flush|flushing|descale|descaling|sediment|purge|purgar|purga|drain and flush', ['flush']],
  ['inspection|inspect|camera inspection|video inspection|inspeccion', ['inspect']],
  // The visit itself: what a general call-out entry prices.
  [
    'service call|service visit|service fee|call out|callout|call out fee|trip charge|trip fee|diagnostic|diagnosis|diagnose|visit|visit fee|house call|come out|coming out|take a look|visita|cargo por visita|diagnostico|revision|revisar',
    ['visit'],
  ],
];

const KIND: Readonly<Record<string, ConceptKind>> = {
  clean: 'work',
  repair: 'work',
  replace: 'work',
  flush: 'work',
  inspect: 'work',
  visit: 'visit',
};

export function conceptKind(concept: string): ConceptKind {
  return KIND[concept] ?? 'thing';
}

/** Words that never say which job: grammar, greetings and price talk, English and Spanish. */
const NOT_A_JOB_WORD = new Set(
  `a an the and or of for to in on at by with from my our your their his her its it this that these those i me we you he she they
  is are was were be been am do doe did can could would will should may might must have ha had get got need want like please just
  some any about how much many what whats which who when where why there here if so but not no yes ok okay hi hello hey thanks thank
  price pricing cost charge fee rate quote estimate ballpark rough roughly approximately around number dollar buck usd money pay
  total average typical usually ish idea much service job work one give tell let know say
  el la lo los las un una uno unos unas de del al para por mi mis su sus tu que cual cuanto cuanta cuesta cuestan costo precio cobran
  cobra cobrar tarifa presupuesto cotizacion estimado aproximado aproximadamente ma mas meno menos o y e es son esta estan hay me le
  se con en favor hola gracia necesito quiero saber has`.split(/\s+/),
);

/** Lower case, no accents or apostrophes ("won't" is "wont"), words separated by single spaces. */
export function foldWords(text: string): string[] {
  return text
    .toLowerCase()
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/['\u2018\u2019\u02bc`]/g, '')
    .replace(/[^a-z0-9]+/g, ' ')
    .trim()
    .split(' ')
    .filter(Boolean)
    .map(singular);
}

/** "drains" is "drain", "tuberias" is "tuberia"; "gas", "this" and "diagnosis" stay as they are. */
function singular(word: string): string {
  return word.length > 3 && word.endsWith('s') && !/(ss|is|us)$/.test(word) ? word.slice(0, -1) : word;
}

interface Phrase {
  words: string[];
  concepts: readonly string[];
}

/** Phrases by first word, longest first. */
const PHRASES: ReadonlyMap<string, Phrase[]> = (() => {
  const byFirst = new Map<string, Phrase[]>();
  for (const [phrases, concepts] of SYNONYMS) {
    for (const phrase of phrases.split('|')) {
      const words = foldWords(phrase);
      byFirst.set(words[0]!, [...(byFirst.get(words[0]!) ?? []), { words, concepts }]);
    }
  }
  for (const list of byFirst.values()) list.sort((a, b) => b.words.length - a.words.length);
  return byFirst;
})();

export interface Reading {
  /** Concepts from the synonym table, e.g. "drain", "clean". */
  concepts: Set<string>;
  /** Other words that may say which job (not grammar or price talk), e.g. "gutter" if it were not listed. */
  terms: Set<string>;
}

/** The concepts and remaining words of a text; a phrase's words are read once ("tankless water heater" is not a water heater). */
export function readWords(text: string): Reading {
  const words = foldWords(text);
  const reading: Reading = { concepts: new Set(), terms: new Set() };
  for (let i = 0; i < words.length;) {
    const phrase = PHRASES.get(words[i]!)?.find((candidate) => candidate.words.every((word, j) => words[i + j] === word));
    if (phrase) {
      for (const concept of phrase.concepts) reading.concepts.add(concept);
      i += phrase.words.length;
      continue;
    }
    if (!NOT_A_JOB_WORD.has(words[i]!)) reading.terms.add(words[i]!);
    i += 1;
  }
  for (const [when, then] of IMPLIED) if (when.every((concept) => reading.concepts.has(concept))) reading.concepts.add(then);
  return reading;
}

/**
 * What a job is even when its name is not said: unclogging a sink, tub or shower is cleaning its
 * drain ("snake the bathroom sink" is a drain cleaning). A toilet is left out: owners often price
 * a toilet clog apart from drain cleaning.
 */
const IMPLIED: readonly [readonly string[], string][] = [
  [['clean', 'sink'], 'drain'],
  [['clean', 'shower'], 'drain'],
];
