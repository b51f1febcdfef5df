// The image pipeline's public API: Buffer in, renditions and facts out; no HTTP, database or storage.
export { DEFAULT_IMAGE_LIMITS, type ImageLimits } from './limits.ts';
export { IMAGE_FORMATS, type ImageExtension, type ImageFormat, type ImageMime } from './formats.ts';
export { inspectImage, type ImageFacts } from './inspect.ts';
export { decodeImage, type RawImage } from './decode.ts';
export { derivativeWidths, type Rendition } from './renditions.ts';
export { rateQuality, measureQuality, QUALITY_WEIGHTS, type QualityMeasures } from './quality.ts';
export { processImage, renderImage, type ProcessedImage } from './process.ts';
export { ImageErrors } from './image-errors.ts';
export { storeImage, type ImageKeys, type StoredImage, type StoredObjectFacts } from './stored-image.ts';
