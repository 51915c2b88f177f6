// Development helper: opens URL in headless Chromium, waits until the app is ready, prints the
// app's state and console messages, and saves a screenshot.  node dev/shot.mjs URL OUT.png
import { chromium } from 'playwright-core';

const [url, out = '/tmp/frontline-shot.png'] = process.argv.slice(2);
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium', headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
    '--disable-component-update', '--disable-sync', '--use-angle=swiftshader', '--enable-unsafe-swiftshader'],
});
const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
page.on('console', (m) => console.log(`[${m.type()}] ${m.text()}`));
page.on('pageerror', (e) => console.log(`[pageerror] ${e.message}`));
await page.goto(url);
try {
  await page.waitForFunction(() => window.__frontline && window.__frontline.ready, null, { timeout: Number(process.env.WAIT || 60000) });
} catch (e) { console.log('not ready:', e.message); }
console.log(JSON.stringify(await page.evaluate(() => ({ ...window.__frontline, map: undefined, stepTimes: undefined }))));
await page.screenshot({ path: out });
await browser.close();
