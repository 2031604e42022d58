import DefaultTheme from 'vitepress/theme';
import { inBrowser, onContentUpdated, type Theme } from 'vitepress';
import { defineAsyncComponent } from 'vue';
import { followLanguageChoices, rememberedLanguage, showLanguage } from './code-language';
import './custom.css';

if (inBrowser) followLanguageChoices();

export default {
  extends: DefaultTheme,
  enhanceApp({ app }) {
    // Loaded on demand: the demo pulls in TensorFlow.js, which only the demo page needs.
    app.component(
      'AnyLossDemo',
      defineAsyncComponent(() => import('./AnyLossDemo.vue')),
    );
  },
  setup() {
    // Every page shows its snippets in the language the reader last chose.
    onContentUpdated(() => {
      const language = rememberedLanguage();
      if (language !== undefined) showLanguage(language);
    });
  },
} satisfies Theme;
