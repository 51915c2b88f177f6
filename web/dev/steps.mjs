// Development helper: times slider steps at a given URL.  node dev/steps.mjs URL [N] [WxH]
// (the page's own figure: input event to the first frame after the map's idle)
import { chromium } from 'playwright-core';

const [url, n = '10', size = '1024x700'] = process.argv.slice(2);
const [width, height] = size.split('x').map(Number);
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium', headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
    '--disable-component-update', '--disable-sync', '--use-angle=swiftshader', '--enable-unsafe-swiftshader'],
});
const page = await browser.newPage({ viewport: { width, height } });
page.on('console', (m) => { if (m.type() === 'error') console.log(`[${m.type()}] ${m.text()}`); });
await page.goto(url);
await page.waitForFunction(() => window.__frontline && window.__frontline.ready, null, { timeout: 120000 });
console.log('loadMs', await page.evaluate(() => window.__frontline.loadMs));
await page.focus('#slider');
const times = [];
for (let k = 0; k < Number(n); k++) {
  const c = await page.evaluate(() => window.__frontline.stepTimes.length);
  await page.keyboard.press(k % 2 ? 'ArrowRight' : 'ArrowLeft');
  await page.waitForFunction((m) => window.__frontline.stepTimes.length > m, c);
  times.push(await page.evaluate(() => window.__frontline.lastStepMs));
}
console.log('steps', times.join(' '));
await browser.close();
