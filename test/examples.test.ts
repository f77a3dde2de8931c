/** The analyst scripts in examples/ run as an analyst would run them, and say what matters. */
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

function script(file: string, ...args: string[]) {
  return spawnSync(process.execPath, ['--import', 'tsx', file, ...args], { encoding: 'utf8', env: { ...process.env, NEO4J_URI: '' } });
}

describe('analyst scripts', () => {
  it('stuck-points names the planted stuck point of every example model', () => {
    const r = script('examples/stuck-points.ts');
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/Buying a new home: 400 journeys\n  • \d+ of \d+ journeys that reached "(Apply to register the title|Wait for the valuation and loan approval)"/);
    expect(r.stdout).toMatch(/A visit to the doctor: 500 journeys\n  • \d+ of \d+ journeys that reached "Find a parking space"/);
    expect(r.stdout.match(/best place to act/g)?.length).toBe(4);
  });

  it('partner-brief puts City Brokers first, overall and in every segment', () => {
    const r = script('examples/partner-brief.ts', 'home-purchase');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/Partner brief for Nordbank/);
    expect(r.stdout).toMatch(/^ {2}City Brokers \(score [\d.]+\): Customers go from City Brokers to Nordbank in \d+ of 400 journeys/m);
    const segments = r.stdout.split('By segment:')[1].trim().split('\n');
    expect(segments.length).toBe(3);
    for (const line of segments) expect(line).toMatch(/City Brokers, score/);
  });
});
