// @anyloss/tfjs imports @tensorflow/tfjs-core; in this page that is the full bundle's core (one tfjs instance).
export * from '@tensorflow/tfjs';
