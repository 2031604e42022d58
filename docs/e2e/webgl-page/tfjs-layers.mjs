// @anyloss/tfjs imports @tensorflow/tfjs-layers (epochMetrics is a tf.Callback); in this page that is the full
// bundle's layers API (one tfjs instance).
export * from '@tensorflow/tfjs';
