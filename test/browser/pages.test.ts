/**
 * The web front end in a real browser (Debian's Chromium through playwright-core), against the
 * API server in demo mode over the example models:
 * - /ide: GraphiQL with the example tabs; the "Gaps" tab runs and the result panel shows the
 *   planted gaps; the API key field sends `Authorization: Bearer`;
 * - /network/home-purchase: every actor of the model file is drawn; the search box finds the
 *   focal bank; filters hide actors; the export links answer.
 * Every request to anything but the test server is refused and must not happen (no internet).
 * Screenshots go to test-artifacts/ (ide-gaps.png, network-home.png).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { artifact, chromiumAvailable, ensureWebBuilt, launchBrowser, ROOT, startDemoServer, type DemoServer, type TestBrowser } from './helpers.js';

const available = chromiumAvailable();

interface ViewerState {
  ready: boolean;
  error: string | null;
  nodes: string[];
  edges: number;
  selected: string | null;
  highlighted: string[];
  opportunities: string[];
  gapActors: string[];
}

const homeModel = JSON.parse(readFileSync(path.join(ROOT, 'seeds', 'models', 'home-purchase.json'), 'utf8')) as {
  actors: { id: string; name: string; kind: string; focal?: boolean }[];
};

/** Monaco shows spaces as no-break spaces; compare with plain ones. */
async function panelText(page: Page, selector: string): Promise<string> {
  return (await page.locator(selector).first().innerText()).replace(/\u00a0/g, ' ');
}

/** Waits until the Monaco editor under `selector` shows `text`. */
async function waitForEditorText(page: Page, selector: string, text: string, timeout = 30_000): Promise<void> {
  await expect.poll(() => panelText(page, `${selector} .view-lines`), { timeout }).toContain(text);
}

async function viewerState(page: Page): Promise<ViewerState> {
  return page.evaluate('JSON.parse(JSON.stringify(window.goalnetViewer))') as Promise<ViewerState>;
}

describe.skipIf(!available)('web front end in Chromium', () => {
  let demo: DemoServer;
  let browser: TestBrowser;

  beforeAll(async () => {
    ensureWebBuilt();
    demo = await startDemoServer();
    browser = await launchBrowser(demo.server.url);
  });

  afterAll(async () => {
    await browser?.close();
    await demo?.close();
  });

  it('runs the preloaded gaps example in the GraphQL IDE and shows the gaps', async () => {
    const page = await browser.context.newPage();
    await page.goto(`${demo.server.url}/ide`);
    await expect.poll(() => page.locator('[data-testid="server-mode"]').getAttribute('data-demo')).toBe('true');
    await expect(page.locator('[data-testid="server-mode"]').innerText()).resolves.toContain('Demo mode');
    // Monaco has loaded when the first example's operation is in the editor.
    await page.locator('.graphiql-query-editor .view-lines').filter({ hasText: 'BrowseModel' }).waitFor({ timeout: 30_000 });
    const titles = await page.locator('.graphiql-tab-button').evaluateAll((buttons) => buttons.map((b) => b.getAttribute('title')));
    expect(titles).toEqual(expect.arrayContaining(['BrowseModel', 'Gaps', 'Partners', 'ActorNetwork']));

    await page.locator('.graphiql-tab-button[title="Gaps"]').click();
    await waitForEditorText(page, '.graphiql-query-editor', 'query Gaps');
    await waitForEditorText(page, '.graphiql-editor-tool', '"modelId": "home-purchase"');
    await page.locator('.graphiql-execute-button').click();
    await waitForEditorText(page, '.graphiql-response', '"ranked"');
    const shown = await panelText(page, '.graphiql-response .view-lines');
    expect(shown).toContain('"gaps"');
    expect(shown).not.toContain('"errors"');
    // The seeds plant the title registration as the worst gap: it is the first one ranked.
    expect(shown).toContain('"id": "apply-title-registration"');
    await page.screenshot({ path: artifact('ide-gaps.png') });

    // Type a shorter gaps query into GraphiQL's own editor and run it with Ctrl-Enter.
    await page.locator('.graphiql-query-editor .view-lines').click();
    await page.keyboard.press('ControlOrMeta+A');
    await page.keyboard.press('Delete');
    await page.keyboard.insertText('query GapIds($modelId: ID!) { gaps(modelId: $modelId) { ranked { id } } }');
    await waitForEditorText(page, '.graphiql-query-editor', 'query GapIds');
    // GraphiQL has parsed the new operation once the tab is named after it.
    await page.locator('.graphiql-tab-active .graphiql-tab-button[title="GapIds"]').waitFor();
    await page.keyboard.press('ControlOrMeta+Enter');
    await waitForEditorText(page, '.graphiql-response', 'loan-valuation-approval');
    const ids = await panelText(page, '.graphiql-response .view-lines');
    expect(ids).toContain('"id": "apply-title-registration"');
    expect(ids).not.toContain('"evidence"');
    await page.close();
  });

  it('sends the API key typed in the IDE header as a bearer token', async () => {
    const page = await browser.context.newPage();
    await page.goto(`${demo.server.url}/ide`);
    await page.locator('.graphiql-query-editor .view-lines').filter({ hasText: 'query' }).waitFor({ timeout: 30_000 });
    await page.locator('#api-key').fill('not-a-real-key');
    await page.getByRole('button', { name: 'Save' }).click();
    await expect(page.locator('.key-state').innerText()).resolves.toBe('key saved');
    const request = page.waitForRequest((r) => {
      const body = r.postData() ?? '';
      return r.url().endsWith('/graphql') && r.method() === 'POST' && !body.includes('IntrospectionQuery') && !body.includes('IdeModels');
    });
    await page.locator('.graphiql-execute-button').click();
    expect((await request).headers().authorization).toBe('Bearer not-a-real-key');
    // The demo server refuses an unknown key even in demo mode, and the result panel says so.
    await page.locator('.graphiql-response .view-lines').filter({ hasText: 'Unknown API key' }).waitFor({ timeout: 30_000 });
    await page.locator('#api-key').fill('');
    await page.getByRole('button', { name: 'Forget' }).click();
    await expect(page.locator('.key-state').innerText()).resolves.toBe('no key');
    await page.close();
  });

  it('draws every actor of the home-purchase model and finds the bank', async () => {
    const page = await browser.context.newPage();
    await page.goto(`${demo.server.url}/network/home-purchase`);
    await page.waitForSelector('body[data-ready="true"], body[data-ready="error"]', { timeout: 60_000 });
    let state = await viewerState(page);
    expect(state.error).toBeNull();
    expect(state.ready).toBe(true);
    expect([...state.nodes].sort()).toEqual(homeModel.actors.map((a) => a.id).sort());
    expect(state.edges).toBeGreaterThan(0);
    expect(await page.locator('#graph canvas').count()).toBeGreaterThan(0);
    await expect(page.locator('#model-name').innerText()).resolves.toBe('Buying a new home');
    // The seeds plant City Brokers as the bank's strongest non-partner hand-over.
    expect(state.opportunities[0]).toBe('city-brokers');
    expect(state.gapActors).toEqual(expect.arrayContaining(['nordbank', 'land-registry']));

    await page.locator('#search').fill('Nordbank');
    await page.locator('#search').press('Enter');
    await expect.poll(async () => (await viewerState(page)).selected).toBe('nordbank');
    state = await viewerState(page);
    expect(state.highlighted[0]).toBe('nordbank');
    await expect(page.locator('body').getAttribute('data-selected')).resolves.toBe('nordbank');
    const details = await page.locator('#details').innerText();
    expect(details).toContain('Nordbank');
    expect(details).toContain('Focal firm');
    await expect(page.locator('#search-status').innerText()).resolves.toBe('Nordbank');
    // Let the camera finish centring on the bank before the picture.
    await page.waitForTimeout(800);
    await page.screenshot({ path: artifact('network-home.png') });

    expect(await page.evaluate('window.goalnetViewer.search("no such actor at all")')).toBeNull();
    await expect(page.locator('#search-status').innerText()).resolves.toContain('No actor matches');
    await page.close();
  });

  it('filters actors by kind and phase and offers the exports', async () => {
    const page = await browser.context.newPage();
    await page.goto(`${demo.server.url}/network/home-purchase`);
    await page.waitForSelector('body[data-ready="true"]', { timeout: 60_000 });
    const authorities = homeModel.actors.filter((a) => a.kind === 'AUTHORITY').map((a) => a.id);
    expect(authorities.length).toBeGreaterThan(0);
    await page.locator('input[data-filter="kind"][value="AUTHORITY"]').uncheck();
    let state = await viewerState(page);
    expect(state.nodes).toHaveLength(homeModel.actors.length - authorities.length);
    for (const id of authorities) expect(state.nodes).not.toContain(id);
    await page.locator('input[data-filter="kind"][value="AUTHORITY"]').check();
    expect((await viewerState(page)).nodes).toHaveLength(homeModel.actors.length);

    const phases = await page.locator('input[data-filter="phase"]').evaluateAll((inputs) => inputs.map((i) => i.getAttribute('value')));
    expect(phases).toContain('PURCHASE');
    for (const phase of phases) if (phase !== 'PURCHASE') await page.locator(`input[data-filter="phase"][value="${phase}"]`).uncheck();
    state = await viewerState(page);
    expect(state.nodes.length).toBeGreaterThan(0);
    expect(state.nodes.length).toBeLessThan(homeModel.actors.length);
    expect(state.nodes).toContain('nordbank');

    for (const format of ['gexf', 'graphml', 'json', 'svg']) {
      const href = await page.locator(`.exports a[data-format="${format}"]`).getAttribute('href');
      expect(href).toBe(`/network/home-purchase/export.${format}`);
      const response = await page.request.get(`${demo.server.url}${href}`);
      expect(response.status()).toBe(200);
      expect(await response.text()).toContain('nordbank');
    }
    await page.close();
  });

  it('says what is wrong for a model that does not exist', async () => {
    const page = await browser.context.newPage();
    await page.goto(`${demo.server.url}/network/no-such-model`);
    await page.waitForSelector('body[data-ready="error"]', { timeout: 60_000 });
    await expect(page.locator('#message').innerText()).resolves.toContain('no-such-model');
    await page.close();
  });

  it('asked for nothing outside the server and threw no script errors', () => {
    expect(browser.outside).toEqual([]);
    // The key test's refused request and the missing model's 404 are expected console noise.
    expect(browser.pageErrors.filter((e) => !/status of (401|404)/.test(e))).toEqual([]);
  });
});
