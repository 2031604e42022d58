/**
 * Every snippet is shown in JavaScript and TypeScript (a code group with two tabs). Choosing a tab chooses that
 * language in every code group of the site, and the choice is remembered (localStorage) across pages and visits.
 */
const KEY = 'anyloss-code-language';

/** Shows the tab titled `title` in every code group on the page that has one (without scrolling). */
export function showLanguage(title: string): void {
  for (const group of Array.from(document.querySelectorAll('.vp-code-group'))) {
    const labels = Array.from(group.querySelectorAll<HTMLLabelElement>('.tabs label'));
    const index = labels.findIndex((label) => label.dataset['title'] === title);
    const inputs = Array.from(group.querySelectorAll<HTMLInputElement>('.tabs input'));
    const blocks = group.querySelector('.blocks');
    if (index < 0 || inputs[index] === undefined || blocks === null) continue;
    (inputs[index] as HTMLInputElement).checked = true;
    Array.from(blocks.children).forEach((block, i) => block.classList.toggle('active', i === index));
  }
}

/** The remembered language, if any. */
export function rememberedLanguage(): string | undefined {
  try {
    return localStorage.getItem(KEY) ?? undefined;
  } catch {
    return undefined;
  }
}

/** Listens for tab choices (once per page load). */
export function followLanguageChoices(): void {
  window.addEventListener('click', (event) => {
    const input = event.target;
    if (!(input instanceof HTMLInputElement) || !input.matches('.vp-code-group .tabs input')) return;
    const title = input.parentElement?.querySelector<HTMLLabelElement>(`label[for="${input.id}"]`)?.dataset['title'];
    if (title === undefined) return;
    try {
      localStorage.setItem(KEY, title);
    } catch {
      // Private mode: the choice holds for this page only.
    }
    showLanguage(title);
  });
}
