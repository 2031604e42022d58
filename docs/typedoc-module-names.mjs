// A tiny TypeDoc plugin: names the API modules after their npm packages ("@anyloss/core") instead of
// their source folders ("core/src"), without touching the packages' sources.
import { Converter, ReflectionKind } from 'typedoc';

const NAMES = {
  'core/src': '@anyloss/core',
  'core/src/testing': '@anyloss/core/testing',
  'core/src/multiclass': '@anyloss/core/multiclass',
  'tfjs/src': '@anyloss/tfjs',
  'brain/src': '@anyloss/brain',
};

/** @param {import('typedoc').Application} app */
export function load(app) {
  app.converter.on(Converter.EVENT_RESOLVE_BEGIN, (context) => {
    for (const module of context.project.getReflectionsByKind(ReflectionKind.Module)) {
      const name = NAMES[module.name];
      if (name !== undefined) module.name = name;
    }
  });
}
