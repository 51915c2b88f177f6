// Every string of the interface, in one table: Ukrainian and English.
const STRINGS = {
  title: { uk: 'Лінія фронту: карта контролю території', en: 'Frontline: territorial control map' },
  map: { uk: 'Карта', en: 'Map' },
  language: { uk: 'English', en: 'Українська' },
  language_label: { uk: 'Мова інтерфейсу', en: 'Interface language' },
  palette_default: { uk: 'Кольори DeepState', en: 'DeepState colours' },
  palette_safe: { uk: 'Кольори для дальтоніків', en: 'Colour-blind-safe colours' },
  palette_label: { uk: 'Палітра', en: 'Palette' },
  time: { uk: 'Час', en: 'Time' },
  slider_label: { uk: 'Версія карти', en: 'Map version' },
  version_of: { uk: 'версія {i} з {n}', en: 'version {i} of {n}' },
  play: { uk: 'Відтворити', en: 'Play' },
  pause: { uk: 'Пауза', en: 'Pause' },
  prev: { uk: 'Попередня версія', en: 'Previous version' },
  next: { uk: 'Наступна версія', en: 'Next version' },
  areas: { uk: 'Площі', en: 'Areas' },
  occupied_total: { uk: 'Окуповано всього', en: 'Occupied in total' },
  change: { uk: 'Зміна від попередньої', en: 'Change vs previous' },
  legend: { uk: 'Легенда', en: 'Legend' },
  status_occupied: { uk: 'Окуповано', en: 'Occupied' },
  status_occupied_before_2022: { uk: 'Окуповано до 2022', en: 'Occupied before 2022' },
  status_occupied_total: { uk: 'Окуповано', en: 'Occupied' },
  status_contested: { uk: 'Сіра зона', en: 'Contested (grey zone)' },
  status_liberated: { uk: 'Звільнено', en: 'Liberated' },
  line_of_contact: { uk: 'Лінія зіткнення (край окупованого)', en: 'Line of contact (edge of occupied ground)' },
  line_toggle: { uk: 'Показувати лінію зіткнення', en: 'Show the line of contact' },
  diff: { uk: 'Порівняння двох дат', en: 'Compare two dates' },
  diff_from: { uk: 'Від', en: 'From' },
  diff_to: { uk: 'До', en: 'To' },
  diff_show: { uk: 'Порівняти', en: 'Compare' },
  diff_clear: { uk: 'Закрити порівняння', en: 'Close comparison' },
  diff_gained: { uk: 'Захоплено росією', en: 'Gained by Russia' },
  diff_lost: { uk: 'Втрачено росією', en: 'Lost by Russia' },
  diff_reclassified: { uk: 'Змінено статус', en: 'Reclassified' },
  diff_net: { uk: 'Чиста зміна окупованого', en: 'Net change of occupied' },
  diff_static_a: { uk: 'Окуповано на першу дату', en: 'Occupied at the first date' },
  diff_static_b: { uk: 'Окуповано на другу дату', en: 'Occupied at the second date' },
  diff_loading: { uk: 'Обчислення…', en: 'Computing…' },
  search: { uk: 'Пошук населеного пункту', en: 'Find a place' },
  search_placeholder: { uk: 'наприклад, Покровськ', en: 'e.g. Pokrovsk' },
  search_button: { uk: 'Знайти', en: 'Search' },
  search_none: { uk: 'Нічого не знайдено', en: 'Nothing found' },
  place_status: { uk: 'Стан на показану дату', en: 'Status at the shown date' },
  place_timeline: { uk: 'Зміни', en: 'Changes' },
  captured_mostly: { uk: 'Переважно захоплено', en: 'Mostly captured' },
  captured_fully: { uk: 'Повністю захоплено', en: 'Fully captured' },
  never: { uk: 'ні', en: 'no' },
  held_by_ukraine: { uk: 'Під контролем України', en: 'Held by Ukraine' },
  label_held_by_ukraine: { uk: 'під контролем України', en: 'held by Ukraine' },
  label_held_by_russia: { uk: 'під контролем росії', en: 'held by Russia' },
  label_mostly_held_by_russia: { uk: 'переважно під контролем росії', en: 'mostly held by Russia' },
  label_mostly_held_by_ukraine: { uk: 'переважно під контролем України', en: 'mostly held by Ukraine' },
  label_contested: { uk: 'у сірій зоні', en: 'contested' },
  label_split: { uk: 'розділено', en: 'split' },
  regions: { uk: 'Області', en: 'Oblasts' },
  region: { uk: 'Область', en: 'Oblast' },
  share_occupied: { uk: 'Частка окупованого', en: 'Share occupied' },
  regions_latest: { uk: 'Станом на останню версію', en: 'As of the latest version' },
  charts: { uk: 'Графіки', en: 'Charts' },
  chart_occupied: { uk: 'Окупована площа, км²', en: 'Occupied area, km²' },
  chart_gains: { uk: 'Чиста зміна за місяць (час Києва), км²', en: 'Monthly net change (Kyiv time), km²' },
  gained: { uk: 'захоплено', en: 'gained' },
  lost: { uk: 'втрачено', en: 'lost' },
  net: { uk: 'чиста зміна', en: 'net' },
  km2: { uk: 'км²', en: 'km²' },
  loading: { uk: 'Завантаження…', en: 'Loading…' },
  tiles_building: { uk: 'Сервер готує тайли історії…', en: 'The server is building the history tiles…' },
  error: { uk: 'Помилка', en: 'Error' },
  utc: { uk: 'UTC', en: 'UTC' },
  not_in_api: { uk: 'Доступно лише з сервером', en: 'Available with the server only' },
};

let lang = 'en';

export function setLanguage(l) {
  lang = l === 'uk' ? 'uk' : 'en';
  document.documentElement.lang = lang;
}

export function language() {
  return lang;
}

export function t(key, vars = {}) {
  const entry = STRINGS[key];
  let s = entry ? entry[lang] : key;
  for (const [k, v] of Object.entries(vars)) s = s.replace(`{${k}}`, v);
  return s;
}

/** The API's place labels ("held by Ukraine", ...) in the interface's language. */
export function placeLabel(label) {
  if (!label) return '';
  const key = 'label_' + label.replace(/ /g, '_').toLowerCase();
  return STRINGS[key] ? t(key) : label;
}

/** Fills every element that names a string with data-i18n (text) or data-i18n-* (attributes). */
export function applyStrings(root = document) {
  for (const el of root.querySelectorAll('[data-i18n]')) el.textContent = t(el.dataset.i18n);
  for (const attr of ['aria-label', 'placeholder', 'title']) {
    const data = 'data-i18n-' + attr;
    for (const el of root.querySelectorAll(`[${data}]`)) el.setAttribute(attr, t(el.getAttribute(data)));
  }
  document.title = t('title');
}

const numberFormat = {};
export function num(x, digits = 1) {
  if (x === null || x === undefined || Number.isNaN(x)) return '—';
  const k = lang + digits;
  numberFormat[k] ||= new Intl.NumberFormat(lang === 'uk' ? 'uk-UA' : 'en-GB', { minimumFractionDigits: digits, maximumFractionDigits: digits });
  return numberFormat[k].format(x);
}

export function signed(x, digits = 1) {
  if (x === null || x === undefined) return '—';
  return (x > 0 ? '+' : x < 0 ? '−' : '±') + num(Math.abs(x), digits);
}
