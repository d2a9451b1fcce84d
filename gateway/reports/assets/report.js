// @ts-check
/**
 * The cross-agency report in the browser: reads the registered operations of operations/reports/
 * from the gateway by their hash (never their text), and draws the tables and the charts (Chart.js,
 * served by the gateway from its own node_modules). The figures, their labels and the operations'
 * hashes come from the page (gateway/reports/page.ts). Labels and numbers in French.
 */
(function () {
  'use strict';
  const configurationElement = document.getElementById('report-configuration');
  /** @type {{ figures: { id: string, partner: string, field: string, label: string, unit: string }[], partners: Record<string, string>, sectorScope: string, operations: Record<'planWide' | 'sectors', { name: string, sha256Hash: string }>, signIn: object | null }} */
  const configuration = JSON.parse(configurationElement ? configurationElement.textContent || '{}' : '{}');
  const planWideLabel = 'Ensemble du plan';
  const numbers = new Intl.NumberFormat('fr-FR');
  const percents = new Intl.NumberFormat('fr-FR', { maximumFractionDigits: 1, signDisplay: 'exceptZero' });
  const changes = new Intl.NumberFormat('fr-FR', { signDisplay: 'exceptZero' });
  const days = new Intl.DateTimeFormat('fr-FR', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
  const months = new Intl.DateTimeFormat('fr-FR', { month: 'short', timeZone: 'UTC' });
  const palette = ['#000091', '#e1000f', '#18753c', '#b34000', '#6a6af4', '#009081', '#a558a0', '#716043', '#0063cb', '#ce0500', '#3a3a3a'];

  /** Where the page keeps the agent's access token (report-auth.js puts it there on sign-in): this tab only, never in a URL. */
  const tokenKey = 'plancrack.reports.accessToken';
  const accessToken = () => sessionStorage.getItem(tokenKey);

  /** @param {string} id */
  const element = (id) => {
    const found = document.getElementById(id);
    if (!found) throw new Error(`the page has no #${id}`);
    return found;
  };
  /** @param {string} tag @param {Record<string, string>} [attributes] @param {(Node | string)[]} [children] */
  function make(tag, attributes = {}, children = []) {
    const node = document.createElement(tag);
    for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, value);
    for (const child of children) node.append(child);
    return node;
  }

  /** Sends a registered operation by its hash, with the agent's token when signed in. @param {'planWide' | 'sectors'} which @param {Record<string, unknown>} variables */
  async function send(which, variables) {
    const operation = configuration.operations[which];
    /** @type {Record<string, string>} */
    const headers = { 'content-type': 'application/json', accept: 'application/json' };
    const token = accessToken();
    if (token) headers.authorization = `Bearer ${token}`;
    const response = await fetch(new URL('/', location.href), {
      method: 'POST',
      headers,
      body: JSON.stringify({
        operationName: operation.name,
        variables,
        extensions: { persistedQuery: { version: 1, sha256Hash: operation.sha256Hash } },
      }),
    });
    const answer = await response.json();
    if (!response.ok || answer.errors?.length) {
      const first = answer.errors?.[0];
      throw new Error(first ? `${first.message}${first.extensions?.code ? ` (${first.extensions.code})` : ''}` : `HTTP ${response.status}`);
    }
    return answer.data;
  }

  /** @param {number} year */
  const yearVariables = (year) => ({ year, from: `${year}-01-01`, to: `${year}-12-31` });
  /** @param {string} date */
  const dayOf = (date) => days.format(new Date(`${date}T00:00:00Z`)).replace(/^1 /, '1er ');
  /** @param {number | null | undefined} value */
  const count = (value) => (value === null || value === undefined ? '—' : numbers.format(value));

  /** @param {any} planWide @param {{ partner: string, field: string }} figure */
  const planWideYear = (planWide, figure) => planWide.year?.[figure.partner]?.[figure.field] ?? null;
  /** @param {any} planWide @param {{ partner: string, field: string }} figure */
  const planWideSeries = (planWide, figure) => planWide[`${figure.partner}Figures`]?.[figure.field] ?? null;
  /** @param {any} sector @param {{ partner: string, field: string }} figure */
  const sectorSeries = (sector, figure) => sector[`${figure.partner}Figures`]?.[figure.field] ?? null;

  /** The years some figure has data for, oldest first. @param {any} planWide */
  function yearsWithData(planWide) {
    const years = new Set();
    for (const figure of configuration.figures)
      for (const entry of planWideSeries(planWide, figure)?.years ?? []) if (entry.value !== null) years.add(entry.year);
    return [...years].sort((a, b) => a - b);
  }

  const state = {
    /** @type {number | null} */ year: null,
    // Outreach rounds first: counted in every sector every month, so each sector's line shows (smaller monthly counts are hidden).
    figure: configuration.figures.find((figure) => figure.id === 'social.outreachRounds')?.id ?? configuration.figures[0]?.id ?? '',
    /** @type {any} */ planWide: null,
    /** @type {any} */ sectors: null,
    /** @type {Map<string, any>} */ charts: new Map(),
    firstChart: false,
  };

  /** Why the per-sector figures are not shown, or null when they are. */
  function sectorsWithheld() {
    if (!accessToken()) {
      return configuration.signIn
        ? `Les chiffres par secteur sont réservés aux agents habilités (droit ${configuration.sectorScope}) : connectez-vous pour les voir.`
        : `Les chiffres par secteur sont réservés aux agents habilités (droit ${configuration.sectorScope}) ; ce serveur ne propose pas de connexion (OIDC_ISSUER).`;
    }
    if (!state.sectors)
      return `Votre connexion ne donne pas le droit ${configuration.sectorScope} : seuls les chiffres de l’ensemble du plan sont affichés.`;
    return null;
  }

  function drawPlanWide() {
    const year = /** @type {number} */ (state.year);
    const table = element('plan-wide-table');
    table.replaceChildren(
      make('caption', {}, [
        `Chiffres publiés de ${year}, comparés aux mêmes jours de ${year - 1} quand l’une des deux années est partielle`,
      ]),
      make('thead', {}, [
        make('tr', {}, [
          make('th', { scope: 'col' }, ['Partenaire']),
          make('th', { scope: 'col' }, ['Indicateur']),
          make('th', { scope: 'col', class: 'number' }, [String(year)]),
          make('th', { scope: 'col', class: 'number' }, [String(year - 1)]),
          make('th', { scope: 'col', class: 'number' }, ['Évolution']),
          make('th', { scope: 'col' }, ['Période comptée']),
        ]),
      ]),
    );
    const body = make('tbody');
    /** @type {string[]} */
    const partialEnds = [];
    for (const figure of configuration.figures) {
      const value = planWideYear(state.planWide, figure);
      const coverage = value?.coverage;
      if (coverage && !coverage.complete) partialEnds.push(coverage.to);
      const comparison = value?.comparison;
      const change =
        value && value.change !== null
          ? `${changes.format(value.change)}${value.changePercent !== null ? ` (${percents.format(value.changePercent)} %)` : ''}`
          : comparison?.reason === 'MISSING'
            ? `pas de données en ${year - 1}`
            : '—';
      const period = coverage
        ? `du ${dayOf(coverage.from)} au ${dayOf(coverage.to)}${coverage.complete ? '' : ' (année partielle)'}`
        : 'pas de données';
      const compared =
        comparison && value.change !== null && comparison.fromPeriod
          ? `, comparé au ${dayOf(comparison.fromPeriod.from)} – ${dayOf(comparison.fromPeriod.to)}`
          : '';
      body.append(
        make('tr', { 'data-figure': figure.id }, [
          make('td', {}, [configuration.partners[figure.partner] ?? figure.partner]),
          make('th', { scope: 'row' }, [figure.label]),
          make('td', { class: 'number', 'data-value': value?.value ?? '' }, [count(value?.value)]),
          make('td', { class: 'number' }, [count(value?.previousValue)]),
          make('td', { class: 'number' }, [change]),
          make('td', { class: 'period' }, [period + compared]),
        ]),
      );
    }
    table.append(body);
    const ends = [...new Set(partialEnds)].sort();
    const last =
      ends.length > 1
        ? `entre le ${dayOf(/** @type {string} */ (ends[0]))} et le ${dayOf(/** @type {string} */ (ends[ends.length - 1]))} selon les indicateurs`
        : `au ${dayOf(/** @type {string} */ (ends[0]))}`;
    element('period-note').textContent =
      ends.length > 0
        ? `Année ${year} partielle : les données s’arrêtent ${last} (voir la période comptée de chacun). Les évolutions comparent les mêmes jours de ${year - 1} (à périmètre comparable).`
        : `Année ${year} complète : les évolutions comparent les années entières.`;
  }

  /** A sector's cell: its value, or "secret statistique" with the threshold, never 0 in its place. @param {any} yearFigure */
  function sectorCell(yearFigure) {
    if (!yearFigure) return make('td', { class: 'number missing', title: 'pas de données cette année' }, ['—']);
    if (yearFigure.suppressed) {
      const { reason, threshold } = yearFigure.suppressed;
      const why =
        reason === 'BELOW_THRESHOLD' ? `moins de ${threshold}` : `masqué pour protéger un petit compte de la ligne (seuil ${threshold})`;
      return make('td', { class: 'suppressed', 'data-status': 'suppressed', title: why }, [
        'secret statistique',
        make('small', {}, [` (seuil ${threshold})`]),
      ]);
    }
    const partial = yearFigure.coverage && !yearFigure.coverage.complete;
    return make(
      'td',
      {
        class: `number${partial ? ' partial' : ''}`,
        'data-status': partial ? 'partial' : 'published',
        'data-value': String(yearFigure.value),
      },
      [count(yearFigure.value)],
    );
  }

  function drawSectorTable() {
    const table = element('sector-table');
    const partners = [...new Set(configuration.figures.map((figure) => figure.partner))];
    const head = make('thead', {}, [
      make('tr', {}, [
        make('td'),
        ...partners.map((partner) =>
          make('th', { scope: 'colgroup', colspan: String(configuration.figures.filter((figure) => figure.partner === partner).length) }, [
            configuration.partners[partner] ?? partner,
          ]),
        ),
      ]),
      make('tr', {}, [
        make('th', { scope: 'col' }, ['Secteur']),
        ...configuration.figures.map((figure) => make('th', { scope: 'col', 'data-figure': figure.id }, [figure.label])),
      ]),
    ]);
    const body = make('tbody');
    for (const sector of state.sectors?.sectors ?? []) {
      body.append(
        make('tr', { 'data-sector': sector.code }, [
          make('th', { scope: 'row' }, [sector.name]),
          ...configuration.figures.map((figure) => sectorCell(sectorSeries(sector, figure)?.year ?? null)),
        ]),
      );
    }
    const total = make('tr', { class: 'plan-wide', 'data-sector': '' }, [
      make('th', { scope: 'row' }, [planWideLabel]),
      ...configuration.figures.map((figure) => sectorCell(planWideYear(state.planWide, figure))),
    ]);
    table.replaceChildren(
      make('caption', {}, [`Une ligne par secteur, une colonne par indicateur, ${state.year}`]),
      head,
      body,
      make('tfoot', {}, [total]),
    );
    const withheld = sectorsWithheld();
    const threshold = findThreshold();
    element('sector-note').textContent =
      withheld ??
      `« Secret statistique » : un compte supérieur à 0 et inférieur au seuil${threshold ? ` (${threshold})` : ''} est masqué, ainsi que d’autres cases de la même ligne pour qu’il ne se déduise pas du total. Une case masquée n’est pas un zéro. * : chiffre sur une partie de l’année.`;
  }

  function findThreshold() {
    for (const sector of state.sectors?.sectors ?? [])
      for (const figure of configuration.figures) {
        const suppressed = sectorSeries(sector, figure)?.year?.suppressed;
        if (suppressed) return suppressed.threshold;
      }
    return null;
  }

  /** @param {string} key @param {HTMLCanvasElement} canvas @param {any} chartConfiguration */
  function chart(key, canvas, chartConfiguration) {
    state.charts.get(key)?.destroy();
    // @ts-ignore Chart.js's UMD build defines the global Chart.
    const drawn = new window.Chart(canvas, {
      ...chartConfiguration,
      options: {
        animation: false,
        responsive: true,
        maintainAspectRatio: false,
        // Drawn at twice the screen's resolution so that the printed handout stays sharp.
        devicePixelRatio: Math.max(2, window.devicePixelRatio || 1),
        locale: 'fr-FR',
        plugins: { legend: { position: 'bottom', labels: { boxWidth: 12 } } },
        ...chartConfiguration.options,
      },
    });
    state.charts.set(key, drawn);
    if (!state.firstChart) {
      state.firstChart = true;
      performance.mark('first-chart');
    }
  }

  function drawYearlyCharts() {
    const container = element('yearly-charts');
    container.replaceChildren();
    const years = yearsWithData(state.planWide).filter((year) => year >= 2019);
    const partners = [...new Set(configuration.figures.map((figure) => figure.partner))];
    for (const partner of partners) {
      const canvas = /** @type {HTMLCanvasElement} */ (
        make('canvas', { 'aria-label': `Séries annuelles : ${configuration.partners[partner]}` })
      );
      container.append(
        make('figure', { class: 'chart-box small' }, [make('figcaption', {}, [configuration.partners[partner] ?? partner]), canvas]),
      );
      const figures = configuration.figures.filter((figure) => figure.partner === partner);
      const labels = years.map((year) => {
        const partial = figures.some(
          (figure) =>
            planWideSeries(state.planWide, figure)?.years.find((/** @type {any} */ entry) => entry.year === year)?.coverage?.complete ===
            false,
        );
        return partial ? `${year}*` : String(year);
      });
      const series = figures.map((figure) =>
        years.map(
          (year) => planWideSeries(state.planWide, figure)?.years.find((/** @type {any} */ entry) => entry.year === year)?.value ?? null,
        ),
      );
      const peaks = series.map((values) => Math.max(0, ...values.map((value) => value ?? 0)));
      const others = [...peaks].sort((a, b) => a - b)[Math.max(0, peaks.length - 2)] ?? 0;
      // A figure ten times the others' size gets its own axis, on the right, so that theirs stay readable.
      const onRight = peaks.map((peak) => peaks.length > 1 && peak > 10 * Math.max(1, others));
      chart(`yearly-${partner}`, canvas, {
        type: 'line',
        data: {
          labels,
          datasets: figures.map((figure, index) => ({
            label: onRight[index] ? `${figure.label} (axe de droite)` : figure.label,
            data: series[index],
            yAxisID: onRight[index] ? 'right' : 'y',
            borderColor: palette[index % palette.length],
            backgroundColor: palette[index % palette.length],
            spanGaps: false,
          })),
        },
        options: {
          scales: {
            y: { beginAtZero: true },
            ...(onRight.some(Boolean) ? { right: { position: 'right', beginAtZero: true, grid: { drawOnChartArea: false } } } : {}),
          },
        },
      });
    }
  }

  function selectedFigure() {
    return configuration.figures.find((figure) => figure.id === state.figure) ?? configuration.figures[0];
  }

  function drawMonthlyChart() {
    const figure = selectedFigure();
    if (!figure) return;
    element('figure-name').textContent = `: ${figure.label}`;
    const planWide = planWideSeries(state.planWide, figure)?.series ?? [];
    const labels = planWide.map((/** @type {any} */ point) => months.format(new Date(`${point.start}T00:00:00Z`)));
    const datasets = [
      {
        label: planWideLabel,
        data: planWide.map((/** @type {any} */ point) => point.value),
        borderColor: '#000091',
        backgroundColor: '#000091',
        borderWidth: 3,
      },
    ];
    /** @type {string[]} */
    const hidden = [];
    (state.sectors?.sectors ?? []).forEach((/** @type {any} */ sector, /** @type {number} */ index) => {
      if ((sectorSeries(sector, figure)?.series ?? []).some((/** @type {any} */ point) => point.reason === 'SUPPRESSED'))
        hidden.push(sector.name);
      const color = palette[(index + 1) % palette.length];
      datasets.push({
        label: sector.name,
        data: (sectorSeries(sector, figure)?.series ?? []).map((/** @type {any} */ point) => point.value),
        borderColor: color,
        backgroundColor: color,
        borderWidth: 1.5,
      });
    });
    const uncovered = planWide
      .filter((/** @type {any} */ point) => point.reason === 'NOT_COVERED')
      .map((/** @type {any} */ point) => months.format(new Date(`${point.start}T00:00:00Z`)));
    element('monthly-note').textContent = [
      `${figure.label}, par mois de ${state.year}${state.sectors ? ' : l’ensemble du plan et chaque secteur' : ' : l’ensemble du plan'}.`,
      // French abbreviated months end with a full stop already (« déc. »).
      uncovered.length > 0 ? `Sans données : ${uncovered.join(', ')}`.replace(/\.?$/, '.') : '',
      hidden.length > 0
        ? `Secret statistique : les mois de ${hidden.join(', ')} sont masqués (des comptes mensuels sous le seuil ; tous les mois de l’année le sont alors).`
        : '',
    ]
      .filter(Boolean)
      .join(' ');
    chart('monthly', /** @type {HTMLCanvasElement} */ (element('monthly-chart')), {
      type: 'line',
      data: { labels, datasets },
      options: { scales: { y: { beginAtZero: true, title: { display: true, text: figure.unit } } } },
    });
  }

  function drawSectorBars() {
    const figure = selectedFigure();
    if (!figure) return;
    const sectors = state.sectors?.sectors ?? [];
    const withheld = sectorsWithheld();
    const hidden = sectors
      .filter((/** @type {any} */ sector) => sectorSeries(sector, figure)?.year?.suppressed)
      .map((/** @type {any} */ sector) => sector.name);
    element('bars-note').textContent =
      withheld ?? `${figure.label}, ${state.year}.${hidden.length > 0 ? ` Secret statistique (sans barre) : ${hidden.join(', ')}.` : ''}`;
    // No empty axes where the agent may not see the sectors.
    element('sector-bars-box').hidden = withheld !== null;
    chart('bars', /** @type {HTMLCanvasElement} */ (element('sector-bars')), {
      type: 'bar',
      data: {
        labels: sectors.map((/** @type {any} */ sector) => sector.name),
        datasets: [
          {
            label: figure.label,
            data: sectors.map((/** @type {any} */ sector) => sectorSeries(sector, figure)?.year?.value ?? null),
            backgroundColor: '#000091',
          },
        ],
      },
      options: {
        plugins: { legend: { display: false } },
        scales: { y: { beginAtZero: true, title: { display: true, text: figure.unit } } },
      },
    });
  }

  function drawYearPicker() {
    const picker = /** @type {HTMLSelectElement} */ (element('year-picker'));
    picker.replaceChildren(
      ...yearsWithData(state.planWide).map((year) =>
        make('option', { value: String(year), ...(year === state.year ? { selected: '' } : {}) }, [String(year)]),
      ),
    );
  }

  function drawFigurePicker() {
    const picker = /** @type {HTMLSelectElement} */ (element('figure-picker'));
    picker.replaceChildren(
      ...configuration.figures.map((figure) =>
        make('option', { value: figure.id, ...(figure.id === state.figure ? { selected: '' } : {}) }, [
          `${figure.label} (${configuration.partners[figure.partner]})`,
        ]),
      ),
    );
  }

  function drawAll() {
    element('report-year').textContent = String(state.year);
    document.title = `Plan crack — rapport inter-partenaires ${state.year}`;
    drawYearPicker();
    drawPlanWide();
    drawSectorTable();
    drawYearlyCharts();
    drawMonthlyChart();
    drawSectorBars();
  }

  /** Loads a year (the latest with data when none is asked) and draws it. @param {number | null} asked */
  async function load(asked) {
    const status = element('status');
    status.textContent = 'Chargement du rapport…';
    document.body.dataset.state = 'loading';
    try {
      let year = asked ?? new Date().getUTCFullYear();
      let planWide = await send('planWide', yearVariables(year));
      const withData = yearsWithData(planWide);
      if (asked === null && !withData.includes(year) && withData.length > 0) {
        year = /** @type {number} */ (withData[withData.length - 1]);
        planWide = await send('planWide', yearVariables(year));
      }
      let sectors = null;
      if (accessToken()) {
        try {
          sectors = await send('sectors', yearVariables(year));
        } catch (error) {
          // Signed in without report:read: the plan-wide report still stands.
          if (!/FORBIDDEN|report:read/.test(String(error))) throw error;
        }
      }
      Object.assign(state, { year, planWide, sectors });
      drawAll();
      status.textContent = '';
      document.body.dataset.state = 'ready';
    } catch (error) {
      status.textContent = `Le rapport n’a pas pu être chargé : ${error instanceof Error ? error.message : String(error)}`;
      document.body.dataset.state = 'error';
    }
  }

  /** The year's CSV, as this agent may read it, saved through a link to its bytes (the token goes in a header, never in a URL). */
  async function downloadCsv() {
    /** @type {Record<string, string>} */
    const headers = {};
    const token = accessToken();
    if (token) headers.authorization = `Bearer ${token}`;
    const response = await fetch(new URL(`/reports/${state.year}.csv`, location.href), { headers });
    if (!response.ok) {
      element('status').textContent = `Le CSV n’a pas pu être téléchargé : ${await response.text()}`;
      return;
    }
    const link = /** @type {HTMLAnchorElement} */ (
      make('a', { href: URL.createObjectURL(await response.blob()), download: `plan-crack-rapport-${state.year}.csv` })
    );
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(link.href), 10_000);
  }

  element('year-picker').addEventListener('change', (event) => {
    const year = Number(/** @type {HTMLSelectElement} */ (event.target).value);
    history.replaceState(null, '', `?annee=${year}`);
    void load(year);
  });
  element('figure-picker').addEventListener('change', (event) => {
    state.figure = /** @type {HTMLSelectElement} */ (event.target).value;
    drawMonthlyChart();
    drawSectorBars();
  });
  element('download-csv').addEventListener('click', () => void downloadCsv());
  element('print').addEventListener('click', () => window.print());

  drawFigurePicker();
  // The sign-in (report-auth.js) first, when the page comes back from the provider: then the report as the agent may read it.
  // @ts-ignore set by report-auth.js
  void Promise.resolve(window.plancrackSession).then(() => {
    const askedYear = Number(new URLSearchParams(location.search).get('annee'));
    return load(Number.isInteger(askedYear) && askedYear > 0 ? askedYear : null);
  });
  // For report-auth.js: redraw once signed in or out.
  window.addEventListener('plancrack:session', () => void load(state.year));
})();
