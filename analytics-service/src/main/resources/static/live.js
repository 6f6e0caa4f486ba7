/*
 * The live page of the food ordering system: the events as they flow, read from Kafka by this service.
 * Plain JavaScript with no build step and nothing loaded from elsewhere, so that it works offline.
 *
 * It signs in first, as staff, at the identity service named by /api/live/config: the authorization code
 * flow with PKCE, as the public client live-page. The token stays in this tab (sessionStorage) and goes
 * with every call below but the first; the stream is read with fetch, as EventSource cannot send it.
 *
 * What it talks to:
 *   GET  /api/live/config                  where to sign in and where the order service is, the crowd's bounds
 *   {issuer}/oauth2/authorize, /oauth2/token  signing in
 *   GET  /api/live/topics                  the lanes to draw: [{topic, partitions}]
 *   GET  /api/live/stream                  server-sent events: record, dead-letter, lag
 *   GET  /api/analytics/figures, /top-sellers, /flagged-customers, /orders/{id}/timeline
 *                                          the Kafka Streams views; any of them may answer 503 while the
 *                                          Streams app starts, or fail: the page shows "—" and asks again
 *   {orderServiceUrl}/api/menu, /api/orders, /api/orders/{id}, /api/orders/{id}/cancel
 *   {inventoryServiceUrl}/api/inventory     the stock, read again when an inventory record goes by
 *                                          called by this page directly (cross-origin): the analytics
 *                                          service itself calls no other service
 *
 * Stable hooks for browser tests. Ids and data attributes are the contract; class names are for the
 * style sheet only and may change.
 *   #connection[data-state]                  connecting | open | reconnecting | closed
 *   #place-order                             the order form: #customer-id, #customer-email, #order-note,
 *                                            #menu-items input[data-sku] (quantity of each sku), #place-order-submit
 *   #place-result[data-tone]                 the answer to the last order: ok | error
 *   #crowd[data-running]                     the crowd form: #crowd-customers, #crowd-seconds, #crowd-start, #crowd-stop
 *   #crowd-status[data-placed][data-refused][data-failed]
 *   #my-orders li[data-order-id][data-status][data-origin]
 *                                            status PENDING, then CONFIRMED, REJECTED or CANCELLED as the
 *                                            events arrive; origin form | crowd
 *   #lanes .topic[data-topic][data-partitions]
 *   #lanes .lane[data-topic][data-partition][data-end]
 *                                            data-end: the partition's next offset, as far as this page has seen
 *   #lanes .record[data-topic][data-partition][data-offset][data-key][data-type]
 *                                            a record; one whose key is an order id is a button that opens
 *                                            the order's detail
 *   #feed li[data-topic][data-partition][data-offset]
 *   #lag[data-groups]                        #lag [data-group][data-total], and in it
 *                                            td[data-topic][data-partition][data-lag][data-committed][data-end]
 *   #dead-letters[data-count]                tr[data-topic][data-partition][data-offset][data-key], with
 *                                            td[data-field] exception | message | original | group
 *   #figures[data-state]                     loading | ok | unavailable; the totals in
 *                                            #figures [data-figure] dd (placed, confirmed, rejected, cancelled, rejection-rate)
 *   #orders-by-status [data-status][data-count]
 *   #top-sellers[data-state] [data-sku][data-quantity]
 *   #flagged-customers[data-state] tr[data-customer-id]
 *   #stock[data-state] [data-sku][data-available][data-reserved][data-on-hand]
 *   #order-detail[data-order-id]             the order's dialog: #order-detail-status[data-status],
 *                                            #order-timeline li[data-type][data-topic][data-partition][data-offset],
 *                                            #order-timeline-status[data-status] (the status the events add up to),
 *                                            #order-detail-cancel (shown while the order can be cancelled), #order-detail-close
 */
(() => {
    'use strict';

    const MAX_RECORDS_PER_LANE = 14;
    const FEED_SIZE = 14;
    const MAX_DEAD_LETTERS = 50;
    const MAX_CROWD_ORDERS_SHOWN = 25;
    const MAX_EARLY_OUTCOMES = 5000;
    const MAX_ORDERS_TRACKED = 5000;
    const MAX_DEAD_LETTERS_REMEMBERED = 5000;
    const LAG_HISTORY = 60;
    const RECONNECT_MS = 5000;
    const FIGURES_EVERY_MS = 5000;
    const VIEWS_EVERY_MS = 10000;
    const TOPICS_EVERY_MS = 30000;
    const RATE_WINDOW_S = 5;
    const BUSY_TOPICS = new Set(['orders', 'inventory']);
    const SERVICE_GROUPS = ['order-service', 'inventory-service', 'notification-service', 'analytics-service'];
    const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

    const TOPIC_ABOUT = {
        'orders': 'the order lifecycle · key = order id',
        'inventory': 'reservations (key = order id) and stock levels (key = sku)',
        'customers': 'what the analytics found out · key = customer id',
        'orders.DLT': 'records of orders a consumer could not process',
        'inventory.DLT': 'records of inventory a consumer could not process',
        'customers.DLT': 'records of customers a consumer could not process'
    };

    /** Event type → the colour family of the style sheet, and a short label. */
    const KINDS = {
        'food.order.placed.v1': ['placed', 'placed'],
        'food.order.confirmed.v1': ['confirmed', 'confirmed'],
        'food.order.rejected.v1': ['rejected', 'rejected'],
        'food.order.cancelled.v1': ['cancelled', 'cancelled'],
        'food.inventory.stock-reserved.v1': ['reserved', 'reserved'],
        'food.inventory.stock-reservation-failed.v1': ['failed', 'no stock'],
        'food.inventory.stock-released.v1': ['released', 'released'],
        'food.inventory.stock-level-low.v1': ['stock', 'low stock'],
        'food.inventory.stock-replenished.v1': ['stock', 'restocked'],
        'food.analytics.customer-flagged.v1': ['flagged', 'flagged']
    };

    /** The events of topic orders that decide an order's status. */
    const OUTCOMES = {
        'food.order.confirmed.v1': 'CONFIRMED',
        'food.order.rejected.v1': 'REJECTED',
        'food.order.cancelled.v1': 'CANCELLED'
    };

    /** A status never goes back: events may be seen twice, or after the order service's own answer. */
    const STATUS_RANK = {PENDING: 0, CONFIRMED: 1, REJECTED: 2, CANCELLED: 2};
    const STATUSES = ['PENDING', 'CONFIRMED', 'REJECTED', 'CANCELLED'];

    const config = {orderServiceUrl: 'http://localhost:8081', inventoryServiceUrl: 'http://localhost:8082',
        crowdMaxCustomers: 50, crowdMaxSeconds: 60};
    /** Reads of the stock wait this long after an inventory record, so that a burst of them costs one. */
    const STOCK_SETTLE_MS = 300;
    let stockTimer = null;
    const topics = new Map();           // topic → {element, body, absent, rate, lanes: [], buckets}
    const lanes = new Map();            // "topic/partition" → {element, tape, end, lastOffset}
    const orders = new Map();           // orderId → {status, element, badge, origin}
    const earlyOutcomes = new Map();    // orderId → status, for outcomes seen before the order's answer
    const groups = new Map();           // consumer group → {element, total, spark, table, history}
    const deadLetterKeys = new Set();
    const pending = {records: [], deadLetters: [], lag: null, counts: false};
    let menu = [];
    let crowd = null;
    let flushScheduled = false;

    const $ = (id) => document.getElementById(id);

    // ---------------------------------------------------------------- small helpers

    /** Builds an element. Text always goes in as text, never as HTML: keys and values come from the wire. */
    function el(tag, attributes = {}, ...children) {
        const node = document.createElement(tag);
        setAttributes(node, attributes);
        for (const child of children) {
            if (child !== null && child !== undefined) {
                node.append(child);
            }
        }
        return node;
    }

    function svg(tag, attributes = {}, ...children) {
        const node = document.createElementNS('http://www.w3.org/2000/svg', tag);
        setAttributes(node, attributes);
        children.forEach((child) => node.append(child));
        return node;
    }

    function setAttributes(node, attributes) {
        for (const [name, value] of Object.entries(attributes)) {
            if (value === undefined || value === null || value === false) {
                continue;
            }
            if (name === 'text') {
                node.textContent = value;
            } else if (name === 'class') {
                node.setAttribute('class', value);
            } else if (name.startsWith('on')) {
                node.addEventListener(name.slice(2), value);
            } else {
                node.setAttribute(name, value === true ? '' : String(value));
            }
        }
    }

    function kindOf(type) {
        const known = KINDS[type];
        if (known) {
            return {kind: known[0], label: known[1]};
        }
        const name = /([^.]+)\.v\d+$/.exec(type || '');
        return {kind: 'unknown', label: name ? name[1] : 'no type'};
    }

    function shortKey(key) {
        if (key === null || key === undefined) {
            return '(no key)';
        }
        if (UUID.test(key)) {
            return key.slice(0, 8);
        }
        return key.length > 14 ? key.slice(0, 13) + '…' : key;
    }

    function simpleName(className) {
        return className ? className.slice(className.lastIndexOf('.') + 1) : '—';
    }

    const clockFormat = new Intl.DateTimeFormat(undefined, {hour: '2-digit', minute: '2-digit', second: '2-digit', hour12: false});
    const minuteFormat = new Intl.DateTimeFormat(undefined, {hour: '2-digit', minute: '2-digit', hour12: false});

    function clock(iso, withMillis = true) {
        const time = new Date(iso);
        if (Number.isNaN(time.getTime())) {
            return '—';
        }
        const millis = String(time.getMilliseconds()).padStart(3, '0');
        return clockFormat.format(time) + (withMillis ? '.' + millis : '');
    }

    function money(amount, currency) {
        return amount === null || amount === undefined ? '—' : `${Number(amount).toFixed(2)} ${currency || ''}`.trim();
    }

    function count(number) {
        return number === null || number === undefined ? '—' : Number(number).toLocaleString();
    }

    function clamp(value, min, max) {
        return Math.min(max, Math.max(min, value));
    }

    /** A round upper bound for an axis: 1, 2, 5, 10, 20, 50... */
    function niceMax(value) {
        if (value <= 0) {
            return 1;
        }
        const power = 10 ** Math.floor(Math.log10(value));
        return [1, 2, 5, 10].map((step) => step * power).find((bound) => bound >= value);
    }

    function pause(ms, signal) {
        return new Promise((resolve) => {
            const timer = setTimeout(resolve, ms);
            signal?.addEventListener('abort', () => {
                clearTimeout(timer);
                resolve();
            }, {once: true});
        });
    }

    class HttpError extends Error {
        constructor(status, detail, retryAfter) {
            super(detail || `HTTP ${status}`);
            this.status = status;
            this.retryAfter = retryAfter;
        }
    }

    /** Fetches JSON with the page's token; an error answer becomes an HttpError with its problem's detail. */
    async function fetchJson(url, options = {}) {
        const response = await fetch(url, {...options,
            headers: {Accept: 'application/json', ...authorization(), ...(options.headers || {})}});
        if (response.status === 401 && token) {
            signInAgain();
        }
        if (!response.ok) {
            throw new HttpError(response.status, await problemOf(response), Number(response.headers.get('Retry-After')) || null);
        }
        return response.json();
    }

    async function problemOf(response) {
        try {
            const problem = await response.json();
            const fields = (problem.errors || []).map((error) => `${error.field} ${error.message}`);
            return [problem.detail || problem.title, ...fields].filter(Boolean).join('; ');
        } catch {
            return null;
        }
    }

    function unreachable(error) {
        return error instanceof TypeError
            ? `The order service at ${config.orderServiceUrl} cannot be reached: is it running, and does it allow ` +
            `this page's origin (CORS)?`
            : error.message;
    }

    // ---------------------------------------------------------------- signing in

    /** What the page asks for: the operators' views, the stock, and placing and following orders for its customers. */
    const SCOPES = 'openid analytics:read inventory:read orders:read orders:write';
    const SIGN_IN_KEY = 'live.signIn';   // {verifier, state} while the page is away at the identity service
    const TOKEN_KEY = 'live.token';      // {value, expiresAt}
    /** A token this close to its end is not used: the page signs in again (a round trip, as the identity service remembers the sign-in). */
    const TOKEN_MARGIN_MS = 60_000;
    let token = null;

    /** @return true when the page holds a token; false when it has gone to the identity service to get one */
    async function signIn() {
        const params = new URLSearchParams(location.search);
        const away = JSON.parse(sessionStorage.getItem(SIGN_IN_KEY) || 'null');
        if (params.has('code') && away && params.get('state') === away.state) {
            sessionStorage.removeItem(SIGN_IN_KEY);
            history.replaceState(null, '', redirectUri());
            token = await redeem(params.get('code'), away.verifier);
            sessionStorage.setItem(TOKEN_KEY, JSON.stringify(token));
        } else {
            token = JSON.parse(sessionStorage.getItem(TOKEN_KEY) || 'null');
        }
        if (!token || token.expiresAt - Date.now() < TOKEN_MARGIN_MS) {
            await signInAgain();
            return false;
        }
        setTimeout(signInAgain, token.expiresAt - Date.now() - TOKEN_MARGIN_MS);
        $('signed-in').textContent = `Signed in as ${subjectOf(token.value)}`;
        return true;
    }

    async function redeem(code, verifier) {
        const response = await fetch(`${config.issuer}/oauth2/token`, {
            method: 'POST',
            headers: {'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json'},
            body: new URLSearchParams({grant_type: 'authorization_code', code, redirect_uri: redirectUri(),
                client_id: config.clientId, code_verifier: verifier})
        });
        if (!response.ok) {
            throw new Error(`The identity service at ${config.issuer} did not give a token: ${response.status}`);
        }
        const answer = await response.json();
        return {value: answer.access_token, expiresAt: Date.now() + answer.expires_in * 1000};
    }

    /** To the identity service's sign-in, with a new PKCE verifier; it sends the browser back here with a code. */
    async function signInAgain() {
        const verifier = base64url(crypto.getRandomValues(new Uint8Array(32)));
        const state = base64url(crypto.getRandomValues(new Uint8Array(16)));
        const challenge = base64url(new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier))));
        sessionStorage.setItem(SIGN_IN_KEY, JSON.stringify({verifier, state}));
        sessionStorage.removeItem(TOKEN_KEY);
        location.assign(`${config.issuer}/oauth2/authorize?` + new URLSearchParams({response_type: 'code',
            client_id: config.clientId, redirect_uri: redirectUri(), scope: SCOPES, state,
            code_challenge: challenge, code_challenge_method: 'S256'}));
    }

    /** The page's root, as registered with the identity service. */
    function redirectUri() {
        return `${location.origin}/`;
    }

    function authorization() {
        return token ? {Authorization: `Bearer ${token.value}`} : {};
    }

    function subjectOf(jwt) {
        try {
            return JSON.parse(atob(jwt.split('.')[1].replace(/-/g, '+').replace(/_/g, '/'))).sub;
        } catch {
            return 'staff';
        }
    }

    function base64url(bytes) {
        return btoa(String.fromCharCode(...bytes)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
    }

    // ---------------------------------------------------------------- start

    async function start() {
        wireForms();
        await loadConfig();
        if (!await signIn()) {
            return;
        }
        loadMenu();
        await loadTopics();
        connect();
        refreshFigures();
        refreshTopSellers();
        refreshFlagged();
        refreshStock();
        setInterval(refreshFigures, FIGURES_EVERY_MS);
        setInterval(refreshStock, VIEWS_EVERY_MS);
        setInterval(refreshTopSellers, VIEWS_EVERY_MS);
        setInterval(refreshFlagged, VIEWS_EVERY_MS);
        // A topic created later (the first dead letter, say) gets all its lanes, not only those with records.
        setInterval(loadTopics, TOPICS_EVERY_MS);
        setInterval(showRates, 1000);
    }

    async function loadConfig() {
        try {
            Object.assign(config, await fetchJson('/api/live/config'));
        } catch (error) {
            console.warn('No live config, using the defaults', error);
        }
        config.orderServiceUrl = config.orderServiceUrl.replace(/\/+$/, '');
        config.inventoryServiceUrl = config.inventoryServiceUrl.replace(/\/+$/, '');
        $('order-service-url').textContent = config.orderServiceUrl;
        $('inventory-service-url').textContent = config.inventoryServiceUrl;
        $('crowd-customers').max = config.crowdMaxCustomers;
        $('crowd-seconds').max = config.crowdMaxSeconds;
        $('crowd-customers').value = Math.min(10, config.crowdMaxCustomers);
        $('crowd-seconds').value = Math.min(20, config.crowdMaxSeconds);
    }

    // ---------------------------------------------------------------- the menu and the order form

    async function loadMenu() {
        const status = $('menu-status');
        try {
            menu = await fetchJson(`${config.orderServiceUrl}/api/menu`);
        } catch (error) {
            status.textContent = `No menu: ${unreachable(error)}`;
            status.dataset.tone = 'error';
            setTimeout(loadMenu, RECONNECT_MS);
            return;
        }
        status.hidden = true;
        const starters = {margherita: 2, tiramisu: 1};
        $('menu-items').replaceChildren(...menu.map((item) => {
            const id = `qty-${item.sku}`;
            return el('li', {},
                el('label', {for: id, text: item.name}),
                el('span', {class: 'price', text: money(item.price, item.currency)}),
                el('input', {
                    id, type: 'number', min: 0, max: 100, step: 1, inputmode: 'numeric', 'data-sku': item.sku,
                    value: starters[item.sku] || 0, oninput: showOrderTotal
                }));
        }));
        showOrderTotal();
    }

    function chosenItems() {
        return [...$('menu-items').querySelectorAll('input[data-sku]')]
            .map((input) => ({sku: input.dataset.sku, quantity: Number.parseInt(input.value, 10) || 0}))
            .filter((item) => item.quantity > 0);
    }

    function showOrderTotal() {
        const items = chosenItems();
        const total = items.reduce((sum, item) => sum + item.quantity * (menu.find((dish) => dish.sku === item.sku)?.price || 0), 0);
        $('order-total').textContent = items.length ? `Total ${money(total, menu[0]?.currency)}` : '';
    }

    function wireForms() {
        $('place-order').addEventListener('submit', (event) => {
            event.preventDefault();
            placeFromForm();
        });
        $('crowd').addEventListener('submit', (event) => {
            event.preventDefault();
            startCrowd();
        });
        $('crowd-stop').addEventListener('click', () => crowd?.controller.abort());
        $('order-detail-close').addEventListener('click', () => $('order-detail').close());
        $('order-detail-cancel').addEventListener('click', cancelShownOrder);
    }

    async function placeFromForm() {
        const result = $('place-result');
        const customerId = $('customer-id');
        const email = $('customer-email');
        const items = chosenItems();
        customerId.setAttribute('aria-invalid', String(!customerId.value.trim()));
        email.setAttribute('aria-invalid', String(!email.validity.valid || !email.value.trim()));
        const invalid = [
            !customerId.value.trim() && 'a customer id',
            (!email.validity.valid || !email.value.trim()) && 'a valid email',
            items.length === 0 && 'at least one item'
        ].filter(Boolean);
        if (invalid.length) {
            showResult(result, 'error', `The order needs ${invalid.join(', ')}.`);
            return;
        }
        const button = $('place-order-submit');
        button.disabled = true;
        showResult(result, null, 'Placing…');
        try {
            const order = await placeOrder({
                customerId: customerId.value.trim(), customerEmail: email.value.trim(), items,
                note: $('order-note').value.trim() || null
            });
            trackOrder(order, 'form');
            showResult(result, 'ok', `Order ${shortKey(order.orderId)} placed: ${order.status}. Its events share one ` +
                'partition of each topic, chosen by its key.');
        } catch (error) {
            showResult(result, 'error', error.status === 503
                ? `The order service is busy; try again in ${error.retryAfter || 1} s. (${error.message})`
                : `Not placed: ${unreachable(error)}`);
        } finally {
            button.disabled = false;
        }
    }

    function showResult(element, tone, text) {
        element.textContent = text;
        if (tone) {
            element.dataset.tone = tone;
        } else {
            delete element.dataset.tone;
        }
    }

    function placeOrder(body, signal) {
        return fetchJson(`${config.orderServiceUrl}/api/orders`, {
            method: 'POST', headers: {'Content-Type': 'application/json'}, body: JSON.stringify(body), signal
        });
    }

    // ---------------------------------------------------------------- the crowd

    async function startCrowd() {
        if (crowd) {
            return;
        }
        const status = $('crowd-status');
        if (!menu.length) {
            showResult(status, 'error', 'The crowd needs the menu, which the order service has not given yet.');
            return;
        }
        const customers = clamp(Number.parseInt($('crowd-customers').value, 10) || 1, 1, config.crowdMaxCustomers);
        const seconds = clamp(Number.parseInt($('crowd-seconds').value, 10) || 1, 1, config.crowdMaxSeconds);
        $('crowd-customers').value = customers;
        $('crowd-seconds').value = seconds;
        const run = {
            controller: new AbortController(), customers, endsAt: Date.now() + seconds * 1000,
            placed: 0, refused: 0, failed: 0, lastError: null
        };
        crowd = run;
        setCrowdRunning(true);
        const ticker = setInterval(() => showCrowd(run), 500);
        const runners = [];
        for (let n = 1; n <= customers; n++) {
            runners.push(customer(n, run));
        }
        await Promise.allSettled(runners);
        clearInterval(ticker);
        crowd = null;
        setCrowdRunning(false);
        showCrowd(run, true);
    }

    /** One simulated customer: orders, waits a moment, orders again, until the time is up or the crowd is stopped. */
    async function customer(n, run) {
        const signal = run.controller.signal;
        const id = `crowd-${n}`;
        await pause(Math.random() * 1000, signal);
        while (!signal.aborted && Date.now() < run.endsAt) {
            try {
                const order = await placeOrder({customerId: id, customerEmail: `${id}@example.org`, items: randomItems(), note: null}, signal);
                run.placed++;
                trackOrder(order, 'crowd');
            } catch (error) {
                if (signal.aborted) {
                    break;
                }
                if (error.status === 503) {
                    // The order service sheds load with 503 and Retry-After: a polite client waits as told.
                    run.refused++;
                    await pause((error.retryAfter || 1) * 1000, signal);
                    continue;
                }
                run.failed++;
                run.lastError = unreachable(error);
                await pause(1000, signal);
            }
            await pause(500 + Math.random() * 1500, signal);
        }
    }

    function randomItems() {
        const dishes = [...menu].sort(() => Math.random() - 0.5).slice(0, 1 + Math.floor(Math.random() * 3));
        return dishes.map((dish) => ({sku: dish.sku, quantity: 1 + Math.floor(Math.random() * 3)}));
    }

    function setCrowdRunning(running) {
        $('crowd').dataset.running = String(running);
        $('crowd-start').disabled = running;
        $('crowd-stop').disabled = !running;
        $('crowd-customers').disabled = running;
        $('crowd-seconds').disabled = running;
    }

    function showCrowd(run, finished = false) {
        const status = $('crowd-status');
        status.dataset.placed = run.placed;
        status.dataset.refused = run.refused;
        status.dataset.failed = run.failed;
        const left = Math.max(0, Math.ceil((run.endsAt - Date.now()) / 1000));
        const figures = `${count(run.placed)} placed · ${count(run.refused)} refused (503) · ${count(run.failed)} failed`;
        const text = finished
            ? `Done: ${figures}.`
            : `${run.customers} customers, ${left} s left: ${figures}.`;
        showResult(status, run.failed && run.lastError ? 'error' : null, run.lastError ? `${text} Last error: ${run.lastError}` : text);
    }

    // ---------------------------------------------------------------- the orders this page placed

    function trackOrder(order, origin) {
        if (orders.has(order.orderId)) {
            return;
        }
        const itemCount = (order.items || []).reduce((sum, line) => sum + line.quantity, 0);
        const badge = el('span', {class: 'status', 'data-status': order.status, text: order.status});
        const element = el('li', {'data-order-id': order.orderId, 'data-status': order.status, 'data-origin': origin},
            el('button', {
                type: 'button', class: 'order-link', text: shortKey(order.orderId),
                'aria-label': `Order ${order.orderId}: details and timeline`, onclick: () => showOrder(order.orderId)
            }),
            el('span', {class: 'what', text: `${order.customerId} · ${itemCount} item${itemCount === 1 ? '' : 's'} · ${money(order.total, order.currency)}`}),
            badge);
        const entry = {status: order.status, element, badge, origin};
        orders.set(order.orderId, entry);
        if (orders.size > MAX_ORDERS_TRACKED) {
            const [oldest, forgotten] = orders.entries().next().value;
            forgotten.element.remove();
            orders.delete(oldest);
        }
        $('my-orders').prepend(element);
        $('my-orders-empty').hidden = true;
        const early = earlyOutcomes.get(order.orderId);
        if (early) {
            earlyOutcomes.delete(order.orderId);
            setStatus(entry, early);
        }
        if (origin === 'crowd') {
            forgetOldCrowdRows();
        }
        pending.counts = true;
        scheduleFlush();
    }

    /** A crowd places thousands of orders: the list shows the latest, the counts include them all. */
    function forgetOldCrowdRows() {
        const rows = $('my-orders').querySelectorAll('li[data-origin="crowd"]');
        for (let i = MAX_CROWD_ORDERS_SHOWN; i < rows.length; i++) {
            rows[i].remove();
        }
    }

    function setStatus(entry, status) {
        if (STATUS_RANK[status] <= STATUS_RANK[entry.status] && status !== 'CANCELLED') {
            return;
        }
        entry.status = status;
        entry.element.dataset.status = status;
        entry.badge.dataset.status = status;
        entry.badge.textContent = status;
        pending.counts = true;
    }

    function onOutcome(record) {
        const status = record.topic === 'orders' && OUTCOMES[record.type];
        if (!status || !record.key) {
            return;
        }
        const entry = orders.get(record.key);
        if (entry) {
            setStatus(entry, status);
        } else {
            // The event may overtake the order service's answer to the request that placed the order.
            earlyOutcomes.set(record.key, status);
            if (earlyOutcomes.size > MAX_EARLY_OUTCOMES) {
                earlyOutcomes.delete(earlyOutcomes.keys().next().value);
            }
        }
    }

    function showCounts() {
        const counts = Object.fromEntries(STATUSES.map((status) => [status, 0]));
        for (const entry of orders.values()) {
            counts[entry.status]++;
        }
        $('my-orders-counts').replaceChildren(...STATUSES.filter((status) => counts[status] > 0).map((status) =>
            el('span', {class: 'status', 'data-status': status, 'data-count': counts[status], text: `${counts[status]} ${status}`})));
    }

    // ---------------------------------------------------------------- lanes: one per topic and partition

    async function loadTopics() {
        try {
            const described = await fetchJson('/api/live/topics');
            described.forEach((topic) => drawTopic(topic.topic, topic.partitions));
        } catch (error) {
            // Lanes are drawn as records arrive anyway.
            console.warn('No topic list; lanes appear as records arrive', error);
        }
    }

    function drawTopic(name, partitions) {
        let topic = topics.get(name);
        if (!topic) {
            const deadLetter = name.endsWith('.DLT');
            const rate = el('span', {class: 'rate', 'aria-label': `records per second on ${name}`});
            const absent = el('p', {class: 'absent', text: 'Not created yet: it appears with its first record.'});
            const body = el('div', {class: 'lane-list'});
            const element = el('section', {
                    class: 'topic', 'data-topic': name, 'data-partitions': 0, 'data-dead-letter': deadLetter,
                    'aria-label': `Topic ${name}`, style: BUSY_TOPICS.has(name) ? 'grid-column: 1 / -1' : null
                },
                el('div', {class: 'topic-head'},
                    el('h3', {text: name}), el('span', {class: 'about', text: TOPIC_ABOUT[name] || ''}), rate),
                absent, body);
            topic = {element, body, absent, rate, partitions: 0, buckets: new Array(RATE_WINDOW_S).fill(0)};
            topics.set(name, topic);
            $('lanes').append(element);
        }
        for (let partition = topic.partitions; partition < partitions; partition++) {
            const tape = el('div', {class: 'tape'});
            const end = el('span', {class: 'end', title: 'the next offset of this partition'});
            const element = el('div', {class: 'lane', 'data-topic': name, 'data-partition': partition},
                el('span', {class: 'partition', text: `P${partition}`, title: `${name}, partition ${partition}`}), tape, end);
            topic.body.append(element);
            lanes.set(`${name}/${partition}`, {element, tape, end, lastOffset: -1});
        }
        topic.partitions = Math.max(topic.partitions, partitions);
        topic.element.dataset.partitions = topic.partitions;
        topic.absent.hidden = topic.partitions > 0;
        return topic;
    }

    function laneOf(record) {
        const key = `${record.topic}/${record.partition}`;
        if (!lanes.has(key)) {
            drawTopic(record.topic, record.partition + 1);
        }
        return lanes.get(key);
    }

    function recordElement(record) {
        const {kind, label} = kindOf(record.type);
        const opensOrder = UUID.test(record.key || '') && !record.topic.startsWith('customers');
        const attributes = {
            class: 'record fresh', 'data-kind': kind, 'data-topic': record.topic, 'data-partition': record.partition,
            'data-offset': record.offset, 'data-key': record.key ?? '', 'data-type': record.type ?? '',
            title: `${record.summary || ''}\n${record.type || 'no type'} · key ${record.key ?? '(none)'}\n` +
                `${record.topic}-${record.partition} @${record.offset} · ${clock(record.time)}` +
                (record.source ? ` · from ${record.source}` : '') + (opensOrder ? '\nSelect to see the order' : ''),
            onanimationend: (event) => event.target.classList.remove('fresh')
        };
        if (opensOrder) {
            Object.assign(attributes, {type: 'button', onclick: () => showOrder(record.key)});
        }
        return el(opensOrder ? 'button' : 'span', attributes,
            el('span', {class: 't', text: label}), el('span', {class: 'k', text: shortKey(record.key)}),
            el('span', {class: 'o', text: `@${record.offset}`}));
    }

    function showRates() {
        for (const topic of topics.values()) {
            const perSecond = topic.buckets.reduce((sum, n) => sum + n, 0) / RATE_WINDOW_S;
            topic.rate.textContent = perSecond > 0 ? `${perSecond < 10 ? perSecond.toFixed(1) : Math.round(perSecond)} rec/s` : '';
            topic.buckets.pop();
            topic.buckets.unshift(0);
        }
    }

    // ---------------------------------------------------------------- the stream

    const STREAM_HANDLERS = {
        'record': onRecord,
        'dead-letter': onDeadLetter,
        'lag': (lag) => {
            pending.lag = lag;
            scheduleFlush();
        }
    };

    /**
     * Reads the server-sent events with fetch, which can send the token (EventSource cannot). A stream
     * that ends or fails, or is refused (as many pages watch as the service serves), is opened again.
     */
    async function connect() {
        setConnection('connecting', 'Connecting…');
        let opened = false;
        try {
            const response = await fetch('/api/live/stream', {headers: {Accept: 'text/event-stream', ...authorization()}});
            if (response.status === 401) {
                signInAgain();
                return;
            }
            if (response.ok) {
                opened = true;
                setConnection('open', 'Live');
                await readEvents(response.body);
            }
        } catch (error) {
            console.warn('The live stream broke', error);
        }
        if (opened) {
            setConnection('reconnecting', 'Reconnecting…');
            setTimeout(connect, 1000);
        } else {
            setConnection('closed', `Disconnected; retrying in ${RECONNECT_MS / 1000} s`);
            setTimeout(connect, RECONNECT_MS);
        }
    }

    /** Splits the stream into events (a blank line ends one) and hands each to its handler. */
    async function readEvents(body) {
        const reader = body.pipeThrough(new TextDecoderStream()).getReader();
        let buffer = '';
        for (; ;) {
            const {value, done} = await reader.read();
            if (done) {
                return;
            }
            buffer += value.replace(/\r\n?/g, '\n');
            let end;
            while ((end = buffer.indexOf('\n\n')) >= 0) {
                dispatch(buffer.slice(0, end));
                buffer = buffer.slice(end + 2);
            }
        }
    }

    function dispatch(block) {
        let name = 'message';
        const data = [];
        for (const line of block.split('\n')) {
            const colon = line.indexOf(':');
            const field = colon < 0 ? line : line.slice(0, colon);
            const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
            if (field === 'event') {
                name = value;
            } else if (field === 'data') {
                data.push(value);
            }
        }
        const handler = STREAM_HANDLERS[name];
        if (handler && data.length > 0) {
            handler(JSON.parse(data.join('\n')));
        }
    }

    function setConnection(state, label) {
        const connection = $('connection');
        connection.dataset.state = state;
        connection.querySelector('.label').textContent = label;
    }

    function onRecord(record) {
        const lane = laneOf(record);
        // A reconnected stream replays the latest records: those this page has drawn already are skipped.
        if (record.offset <= lane.lastOffset) {
            return;
        }
        lane.lastOffset = record.offset;
        if (Date.now() - new Date(record.time).getTime() < RATE_WINDOW_S * 1000) {
            topics.get(record.topic).buckets[0]++;
        }
        onOutcome(record);
        if (record.topic === 'inventory') {
            stockChanged();
        }
        pending.records.push(record);
        scheduleFlush();
    }

    function onDeadLetter(deadLetter) {
        const id = `${deadLetter.topic}/${deadLetter.partition}/${deadLetter.offset}`;
        if (deadLetterKeys.has(id)) {
            return;
        }
        deadLetterKeys.add(id);
        if (deadLetterKeys.size > MAX_DEAD_LETTERS_REMEMBERED) {
            deadLetterKeys.delete(deadLetterKeys.values().next().value);
        }
        pending.deadLetters.push(deadLetter);
        scheduleFlush();
    }

    /** Draws what arrived once per frame: at hundreds of records a second, only the latest of each lane are drawn. */
    function scheduleFlush() {
        if (!flushScheduled) {
            flushScheduled = true;
            requestAnimationFrame(flush);
        }
    }

    function flush() {
        flushScheduled = false;
        const records = pending.records;
        pending.records = [];
        drawRecords(records);
        drawFeed(records.slice(-FEED_SIZE));
        pending.deadLetters.splice(0).forEach(drawDeadLetter);
        if (pending.lag) {
            drawLag(pending.lag);
            pending.lag = null;
        }
        if (pending.counts) {
            pending.counts = false;
            showCounts();
        }
    }

    function drawRecords(records) {
        const byLane = new Map();
        for (const record of records) {
            const key = `${record.topic}/${record.partition}`;
            if (!byLane.has(key)) {
                byLane.set(key, []);
            }
            byLane.get(key).push(record);
        }
        for (const [key, laneRecords] of byLane) {
            const lane = lanes.get(key);
            lane.tape.append(...laneRecords.slice(-MAX_RECORDS_PER_LANE).map(recordElement));
            while (lane.tape.childElementCount > MAX_RECORDS_PER_LANE) {
                lane.tape.firstElementChild.remove();
            }
            lane.element.dataset.end = lane.lastOffset + 1;
            lane.end.textContent = `next ${lane.lastOffset + 1}`;
        }
    }

    function drawFeed(records) {
        const feed = $('feed');
        for (const record of records) {
            const {kind, label} = kindOf(record.type);
            feed.prepend(el('li', {
                    'data-kind': kind, 'data-topic': record.topic, 'data-partition': record.partition, 'data-offset': record.offset
                },
                el('time', {datetime: record.time, text: clock(record.time)}),
                el('span', {class: 'where', text: `${record.topic}-${record.partition} @${record.offset}`}),
                el('span', {class: 'what', title: record.summary || ''},
                    el('b', {text: label}), ` ${shortKey(record.key)} · ${record.summary || ''}`)));
        }
        while (feed.childElementCount > FEED_SIZE) {
            feed.lastElementChild.remove();
        }
    }

    // ---------------------------------------------------------------- dead letters

    function drawDeadLetter(deadLetter) {
        const table = $('dead-letters');
        const original = deadLetter.originalTopic
            ? `${deadLetter.originalTopic}-${deadLetter.originalPartition ?? '?'} @${deadLetter.originalOffset ?? '?'}`
            : '—';
        const message = deadLetter.message || '—';
        const row = el('tr', {
                class: 'flash', 'data-topic': deadLetter.topic, 'data-partition': deadLetter.partition,
                'data-offset': deadLetter.offset, 'data-key': deadLetter.key ?? ''
            },
            el('td', {class: 'mono', text: clock(deadLetter.time, false)}),
            el('td', {class: 'mono', text: `${deadLetter.topic}-${deadLetter.partition} @${deadLetter.offset}`}),
            el('td', {class: 'mono', title: deadLetter.key ?? '', text: shortKey(deadLetter.key)}),
            el('td', {text: deadLetter.type ? kindOf(deadLetter.type).label : '—', title: deadLetter.type ?? ''}),
            el('td', {'data-field': 'exception', title: deadLetter.exception ?? '', text: simpleName(deadLetter.exception)}),
            el('td', {
                class: 'message', 'data-field': 'message', title: message,
                text: message.length > 240 ? message.slice(0, 239) + '…' : message
            }),
            el('td', {class: 'mono', 'data-field': 'original', text: original}),
            el('td', {class: 'mono', 'data-field': 'group', text: deadLetter.group ?? '—'}));
        table.prepend(row);
        while (table.childElementCount > MAX_DEAD_LETTERS) {
            table.lastElementChild.remove();
        }
        table.dataset.count = table.childElementCount;
        $('dead-letters-empty').hidden = true;
    }

    // ---------------------------------------------------------------- consumer lag

    function drawLag(lag) {
        const container = $('lag');
        container.querySelector(':scope > p')?.remove();
        const ordered = [...lag.groups].sort((a, b) => groupRank(a.group) - groupRank(b.group) || a.group.localeCompare(b.group));
        const seen = new Set();
        for (const group of ordered) {
            seen.add(group.group);
            const view = groupView(group.group);
            view.history.push(group.total);
            if (view.history.length > LAG_HISTORY) {
                view.history.shift();
            }
            view.element.dataset.total = group.total;
            view.total.dataset.behind = String(group.total > 0);
            view.total.textContent = group.total > 0 ? `${count(group.total)} behind` : 'caught up';
            drawSpark(view);
            drawHeat(view, group.partitions);
            container.append(view.element);
        }
        for (const [name, view] of groups) {
            if (!seen.has(name)) {
                view.element.remove();
                groups.delete(name);
            }
        }
        container.dataset.groups = ordered.length;
        if (!ordered.length) {
            container.append(el('p', {class: 'muted', text: 'No consumer group has committed an offset on these topics yet.'}));
        }
    }

    function groupRank(name) {
        const index = SERVICE_GROUPS.indexOf(name);
        return index < 0 ? SERVICE_GROUPS.length : index;
    }

    function groupView(name) {
        if (!groups.has(name)) {
            const total = el('span', {class: 'total'});
            const spark = svg('svg', {class: 'spark', viewBox: `0 0 ${LAG_HISTORY} 24`, preserveAspectRatio: 'none', 'aria-hidden': 'true'});
            const table = el('table', {class: 'heat'});
            const element = el('section', {class: 'group', 'data-group': name, 'aria-label': `Consumer group ${name}`},
                el('div', {class: 'group-head'}, el('h3', {text: name}), spark, total), table);
            groups.set(name, {element, total, spark, table, history: []});
        }
        return groups.get(name);
    }

    function drawSpark(view) {
        const max = Math.max(1, ...view.history);
        const offset = LAG_HISTORY - view.history.length;
        const points = view.history.map((total, i) => `${offset + i},${(22 - (total / max) * 20).toFixed(1)}`).join(' ');
        view.spark.replaceChildren(svg('polyline', {points}));
    }

    /** A table per group: a row per topic, a column per partition, each cell as warm as its lag is large. */
    function drawHeat(view, partitions) {
        const byTopic = new Map();
        let width = 0;
        for (const partition of partitions) {
            if (!byTopic.has(partition.topic)) {
                byTopic.set(partition.topic, new Map());
            }
            byTopic.get(partition.topic).set(partition.partition, partition);
            width = Math.max(width, partition.partition + 1);
        }
        const head = el('tr', {}, el('th', {scope: 'col', text: ''}),
            ...Array.from({length: width}, (_, p) => el('th', {scope: 'col', text: `P${p}`})));
        const rows = [...byTopic].map(([topic, cells]) => el('tr', {}, el('th', {scope: 'row', text: topic}),
            ...Array.from({length: width}, (_, p) => {
                const cell = cells.get(p);
                if (!cell) {
                    return el('td', {class: 'none', text: '·'});
                }
                return el('td', {
                    'data-topic': topic, 'data-partition': p, 'data-lag': cell.lag, 'data-committed': cell.committed,
                    'data-end': cell.end, title: `${topic}-${p}: committed ${cell.committed}, end ${cell.end}, lag ${cell.lag}`,
                    style: `--heat: ${Math.min(1, Math.log10(1 + cell.lag) / 3).toFixed(2)}`, text: count(cell.lag)
                });
            })));
        view.table.replaceChildren(el('thead', {}, head), el('tbody', {}, ...rows));
    }

    // ---------------------------------------------------------------- figures, from the Streams views

    async function refreshFigures() {
        const figures = $('figures');
        try {
            const data = await fetchJson('/api/analytics/figures?minutes=15');
            drawKpis(data);
            drawOrdersChart(data.minutes || []);
            drawLatencyChart(data.minutes || []);
            drawStatusBars(data.ordersByStatus || {});
            figures.dataset.state = 'ok';
        } catch (error) {
            figures.dataset.state = 'unavailable';
            drawKpis(null);
            const why = notReady(error);
            ['chart-orders', 'chart-latency', 'orders-by-status'].forEach((id) => $(id).replaceChildren(unavailable(why)));
        }
    }

    function notReady(error) {
        return error.status === 503 ? 'The analytics views are starting (503).'
            : error.status ? `The analytics views answered ${error.status}.`
                : 'The analytics service did not answer.';
    }

    function unavailable(why) {
        return el('p', {class: 'unavailable'}, el('span', {}, el('strong', {text: '—'}), el('br'), why));
    }

    function drawKpis(data) {
        const totals = data?.totals || {};
        const set = (name, text) => {
            document.querySelector(`#figures [data-figure="${name}"] dd`).textContent = text;
        };
        ['placed', 'confirmed', 'rejected', 'cancelled'].forEach((name) => set(name, data ? count(totals[name]) : '—'));
        // rejectionRate is a fraction: rejected / (confirmed + rejected), or null before any outcome.
        const rate = data?.rejectionRate;
        set('rejection-rate', rate === null || rate === undefined ? '—' : `${(rate * 100).toFixed(1)} %`);
    }

    const CHART = {width: 440, height: 170, left: 34, right: 8, top: 8, bottom: 22};

    function chartFrame(yMax, minutes, label) {
        const plotHeight = CHART.height - CHART.top - CHART.bottom;
        const root = svg('svg', {viewBox: `0 0 ${CHART.width} ${CHART.height}`, role: 'img', 'aria-label': label});
        for (const fraction of [0, 0.5, 1]) {
            const y = CHART.top + plotHeight * (1 - fraction);
            root.append(svg('line', {class: 'grid', x1: CHART.left, x2: CHART.width - CHART.right, y1: y, y2: y}));
            const value = yMax * fraction;
            const text = svg('text', {class: 'axis', x: CHART.left - 5, y: y + 3, 'text-anchor': 'end'});
            text.textContent = Number.isInteger(value) ? count(value) : value.toFixed(1);
            root.append(text);
        }
        const slot = (CHART.width - CHART.left - CHART.right) / Math.max(1, minutes.length);
        [0, Math.floor((minutes.length - 1) / 2), minutes.length - 1].filter((i, at, all) => i >= 0 && all.indexOf(i) === at)
            .forEach((i) => {
                const text = svg('text', {class: 'axis', x: CHART.left + slot * (i + 0.5), y: CHART.height - 6, 'text-anchor': 'middle'});
                text.textContent = minuteFormat.format(new Date(minutes[i].start));
                root.append(text);
            });
        return {root, slot, y: (value) => CHART.top + plotHeight * (1 - value / yMax), plotHeight};
    }

    function drawOrdersChart(minutes) {
        const target = $('chart-orders');
        if (!minutes.length) {
            target.replaceChildren(unavailable('No orders in the last 15 minutes.'));
            return;
        }
        const yMax = niceMax(Math.max(...minutes.map((m) => Math.max(m.placed || 0, (m.confirmed || 0) + (m.rejected || 0) + (m.cancelled || 0)))));
        const sum = (field) => minutes.reduce((total, m) => total + (m[field] || 0), 0);
        const frame = chartFrame(yMax, minutes, `Orders per minute over ${minutes.length} minutes: ${sum('placed')} placed, ` +
            `${sum('confirmed')} confirmed, ${sum('rejected')} rejected, ${sum('cancelled')} cancelled.`);
        minutes.forEach((minute, i) => {
            const x = CHART.left + frame.slot * i + frame.slot * 0.15;
            const width = frame.slot * 0.7;
            const bar = svg('g', {});
            const title = svg('title');
            title.textContent = `${minuteFormat.format(new Date(minute.start))}: ${minute.placed} placed, ${minute.confirmed} confirmed, ` +
                `${minute.rejected} rejected, ${minute.cancelled} cancelled`;
            bar.append(title);
            let base = 0;
            for (const [field, colour] of [['confirmed', '--confirmed'], ['rejected', '--rejected'], ['cancelled', '--cancelled']]) {
                const value = minute[field] || 0;
                if (value > 0) {
                    bar.append(svg('rect', {
                        x, width, y: frame.y(base + value), height: frame.y(base) - frame.y(base + value), style: `fill: var(${colour})`
                    }));
                }
                base += value;
            }
            if (minute.placed > 0) {
                bar.append(svg('rect', {
                    x: x - 1, width: width + 2, y: frame.y(minute.placed), height: frame.y(0) - frame.y(minute.placed),
                    style: 'fill: none; stroke: var(--placed); stroke-width: 1.5', rx: 2
                }));
            }
            frame.root.append(bar);
        });
        target.replaceChildren(frame.root, legend([['placed (outline)', '--placed'], ['confirmed', '--confirmed'],
            ['rejected', '--rejected'], ['cancelled', '--cancelled']]));
    }

    function drawLatencyChart(minutes) {
        const target = $('chart-latency');
        const series = [['outcomeP50Ms', 'p50', '--confirmed'], ['outcomeP95Ms', 'p95', '--stock'], ['outcomeP99Ms', 'p99', '--rejected']];
        const values = minutes.flatMap((m) => series.map(([field]) => m[field])).filter((v) => v !== null && v !== undefined);
        if (!values.length) {
            target.replaceChildren(unavailable('No outcomes in the last 15 minutes.'));
            return;
        }
        const yMax = niceMax(Math.max(...values));
        const latest = minutes.filter((m) => m.outcomeP50Ms !== null && m.outcomeP50Ms !== undefined).at(-1);
        const frame = chartFrame(yMax, minutes, 'Time from order to outcome per minute, in milliseconds' +
            (latest ? `; latest p50 ${Math.round(latest.outcomeP50Ms)}, p95 ${Math.round(latest.outcomeP95Ms)}, p99 ${Math.round(latest.outcomeP99Ms)}.` : '.'));
        for (const [field, , colour] of series) {
            // A minute without outcomes breaks the line rather than pretending it was zero.
            let segment = [];
            const segments = [segment];
            minutes.forEach((minute, i) => {
                const value = minute[field];
                if (value === null || value === undefined) {
                    segment = [];
                    segments.push(segment);
                } else {
                    segment.push([CHART.left + frame.slot * (i + 0.5), frame.y(value)]);
                }
            });
            for (const points of segments.filter((s) => s.length)) {
                frame.root.append(svg('polyline', {
                    points: points.map(([x, y]) => `${x.toFixed(1)},${y.toFixed(1)}`).join(' '),
                    style: `fill: none; stroke: var(${colour}); stroke-width: 2; stroke-linejoin: round`
                }));
                points.forEach(([x, y]) => frame.root.append(svg('circle', {cx: x, cy: y, r: 2.2, style: `fill: var(${colour})`})));
            }
        }
        target.replaceChildren(frame.root, legend(series.map(([, name, colour]) => [name, colour])));
    }

    function legend(entries) {
        return el('ul', {class: 'chart-legend'}, ...entries.map(([name, colour]) => el('li', {style: `--swatch: var(${colour})`, text: name})));
    }

    function drawStatusBars(byStatus) {
        const max = Math.max(1, ...STATUSES.map((status) => byStatus[status] || 0));
        $('orders-by-status').replaceChildren(...STATUSES.map((status) => barRow({
            label: status, value: count(byStatus[status] ?? 0), fraction: (byStatus[status] || 0) / max,
            colour: `--${status === 'PENDING' ? 'pending' : status.toLowerCase()}`,
            attributes: {'data-status': status, 'data-count': byStatus[status] ?? 0}
        })));
    }

    function barRow({label, value, fraction, colour, attributes = {}, title}) {
        return el('div', {class: 'bar-row', ...attributes, title},
            el('span', {class: 'label', text: label}),
            el('span', {class: 'track', 'aria-hidden': 'true'},
                el('span', {class: 'fill', style: `display: block; width: ${(fraction * 100).toFixed(1)}%; --kind: var(${colour})`})),
            el('span', {class: 'value', text: value}));
    }

    async function refreshTopSellers() {
        const target = $('top-sellers');
        const since = $('top-sellers-since');
        try {
            const data = await fetchJson('/api/analytics/top-sellers?limit=5');
            const items = data.items || [];
            since.textContent = data.since ? `By revenue, since ${clock(data.since, false)}.` : '';
            const max = Math.max(1, ...items.map((item) => Number(item.revenue)));
            target.replaceChildren(...(items.length ? items.map((item) => barRow({
                label: item.name || item.sku, value: `${count(item.quantity)} · ${money(item.revenue, item.currency)}`,
                fraction: Number(item.revenue) / max, colour: '--placed', title: item.sku,
                attributes: {'data-sku': item.sku, 'data-quantity': item.quantity}
            })) : [el('p', {class: 'muted', text: 'Nothing sold yet.'})]));
            target.dataset.state = 'ok';
        } catch (error) {
            since.textContent = '';
            target.replaceChildren(unavailable(notReady(error)));
            target.dataset.state = 'unavailable';
        }
    }

    function stockChanged() {
        if (stockTimer === null) {
            stockTimer = setTimeout(() => {
                stockTimer = null;
                refreshStock();
            }, STOCK_SETTLE_MS);
        }
    }

    async function refreshStock() {
        const target = $('stock');
        try {
            const stock = (await fetchJson(`${config.inventoryServiceUrl}/api/inventory`)).items || [];
            target.replaceChildren(...stock.map((item) => barRow({
                label: menu.find((dish) => dish.sku === item.sku)?.name || item.sku,
                value: `${count(item.available)} available · ${count(item.reserved)} reserved`,
                fraction: item.onHand > 0 ? item.available / item.onHand : 0, colour: '--reserved', title: item.sku,
                attributes: {'data-sku': item.sku, 'data-available': item.available, 'data-reserved': item.reserved,
                    'data-on-hand': item.onHand}
            })));
            target.dataset.state = 'ok';
        } catch (error) {
            target.replaceChildren(unavailable(`The inventory service at ${config.inventoryServiceUrl} does not answer.`));
            target.dataset.state = 'unavailable';
        }
    }

    async function refreshFlagged() {
        const target = $('flagged-customers');
        try {
            const flagged = await fetchJson('/api/analytics/flagged-customers');
            target.replaceChildren(...(flagged.length ? flagged.map((customer) => el('tr', {'data-customer-id': customer.customerId},
                el('td', {}, el('span', {text: customer.customerId}), el('br'), el('span', {class: 'muted small', text: customer.customerEmail})),
                el('td', {text: count(customer.orders)}),
                el('td', {text: `${customer.withinSeconds} s`}),
                el('td', {class: 'mono', text: clock(customer.flaggedAt, false)}))) : [emptyRow('Nobody so far.')]));
            target.dataset.state = 'ok';
        } catch (error) {
            target.replaceChildren(emptyRow(`— ${notReady(error)}`));
            target.dataset.state = 'unavailable';
        }
    }

    function emptyRow(text) {
        return el('tr', {}, el('td', {colspan: 4, class: 'muted', text}));
    }

    // ---------------------------------------------------------------- one order: its status and timeline

    async function showOrder(orderId) {
        const dialog = $('order-detail');
        dialog.dataset.orderId = orderId;
        $('order-detail-id').textContent = orderId;
        const status = $('order-detail-status');
        status.dataset.status = '';
        status.textContent = '…';
        $('order-detail-summary').textContent = '';
        $('order-detail-lines').replaceChildren();
        $('order-detail-cancel').hidden = true;
        showResult($('order-detail-cancel-result'), null, '');
        $('order-timeline').replaceChildren(el('li', {class: 'muted', text: 'Loading…'}));
        $('order-timeline-status').dataset.status = '';
        $('order-timeline-status').textContent = '…';
        if (!dialog.open) {
            dialog.showModal();
        }
        const [order, timeline] = await Promise.allSettled([
            fetchJson(`${config.orderServiceUrl}/api/orders/${encodeURIComponent(orderId)}`),
            fetchJson(`/api/analytics/orders/${encodeURIComponent(orderId)}/timeline`)
        ]);
        if (dialog.dataset.orderId !== orderId) {
            return;
        }
        drawOrderDetail(order);
        drawTimeline(timeline);
    }

    function drawOrderDetail(result) {
        const status = $('order-detail-status');
        if (result.status === 'rejected') {
            status.dataset.status = '';
            status.textContent = '—';
            $('order-detail-summary').textContent = result.reason.status === 404
                ? 'The order service does not know this order.'
                : unreachable(result.reason);
            return;
        }
        const order = result.value;
        status.dataset.status = order.status;
        status.textContent = order.status;
        const why = order.rejection
            ? ` · rejected: ${order.rejection.reason}`
            : order.cancellationReason ? ` · cancelled: ${order.cancellationReason}` : '';
        $('order-detail-summary').textContent =
            `${order.customerId} · ${money(order.total, order.currency)} · placed ${clock(order.placedAt, false)}${why}`;
        $('order-detail-lines').replaceChildren(...(order.items || []).map((line) =>
            el('li', {text: `${line.quantity} × ${line.name} (${money(line.lineTotal, order.currency)})`})));
        $('order-detail-cancel').hidden = !(order.status === 'PENDING' || order.status === 'CONFIRMED');
        const entry = orders.get(order.orderId);
        if (entry) {
            setStatus(entry, order.status);
            scheduleFlush();
        }
    }

    function drawTimeline(result) {
        const list = $('order-timeline');
        const status = $('order-timeline-status');
        status.dataset.status = result.status === 'rejected' ? '' : result.value.status || '';
        status.textContent = result.status === 'rejected' ? '—' : result.value.status || '—';
        if (result.status === 'rejected') {
            const why = result.reason.status === 404
                ? 'The analytics service has not seen this order (yet).'
                : `— ${notReady(result.reason)}`;
            list.replaceChildren(el('li', {class: 'muted', text: why}));
            return;
        }
        const events = [...(result.value.events || [])].sort((a, b) => new Date(a.time) - new Date(b.time));
        list.replaceChildren(...(events.length ? events.map((event) => {
            const {kind, label} = kindOf(event.type);
            return el('li', {
                    'data-kind': kind, 'data-type': event.type, 'data-topic': event.topic, 'data-partition': event.partition,
                    'data-offset': event.offset
                },
                el('strong', {text: label}), ' ', el('span', {class: 'muted small', text: event.type}), el('br'),
                el('span', {class: 'when', text: clock(event.time)}), ' · ',
                el('span', {class: 'where', text: `${event.topic}-${event.partition} @${event.offset}`}),
                event.source ? ` · from ${event.source}` : '');
        }) : [el('li', {class: 'muted', text: 'No events yet.'})]));
    }

    async function cancelShownOrder() {
        const orderId = $('order-detail').dataset.orderId;
        const result = $('order-detail-cancel-result');
        const button = $('order-detail-cancel');
        button.disabled = true;
        try {
            await fetchJson(`${config.orderServiceUrl}/api/orders/${encodeURIComponent(orderId)}/cancel`, {
                method: 'POST', headers: {'Content-Type': 'application/json'},
                body: JSON.stringify({reason: 'Cancelled from the live page'})
            });
            showResult(result, 'ok', 'Cancelled: watch for OrderCancelled, then the stock released.');
            await showOrder(orderId);
            showResult(result, 'ok', 'Cancelled: watch for OrderCancelled, then the stock released.');
        } catch (error) {
            showResult(result, 'error', `Not cancelled: ${unreachable(error)}`);
        } finally {
            button.disabled = false;
        }
    }

    start();
})();
