export * from './catalogue';
export * from './pot';
export { formatMessage } from '../engine/text';
