/** The scenario of each example model, by model id. */
import type { Scenario } from '../scenario.js';
import { clinicVisit } from './clinic-visit.js';
import { homePurchase } from './home-purchase.js';
import { pastaDinner } from './pasta-dinner.js';
import { retailPurchase } from './retail-purchase.js';

export const SCENARIOS: Readonly<Record<string, Scenario>> = {
  'home-purchase': homePurchase,
  'clinic-visit': clinicVisit,
  'pasta-dinner': pastaDinner,
  'retail-purchase': retailPurchase,
};
