// Moved to the domain so `/lookout status` in Slack reads targets in the same words as `lookout status`.
export * from '../../lambda/domain/target-view.js';
