/** JourneyStats is a domain type (src/model/journey-stats.ts); stores produce it. */
export * from '../model/journey-stats.js';
