import type { CourierDelivery } from '@/features/courier/api/courier';

/** API objects for tests, complete enough to render, with only what a test cares about overridden. */

let nextId = 100;

export function productFixture(overrides: Record<string, unknown> = {}) {
  const id = nextId++;
  return {
    id,
    slug: `product-${id}`,
    name: `Product ${id}`,
    strength: '500 mg',
    dosage_form: 'tablet',
    dosage_form_display: 'Tabletka',
    pack_size: 20,
    price: '12500.00',
    requires_prescription: false,
    stock_status: 'in_stock',
    thumbnail: null,
    manufacturer: { id: 1, name: 'Nika Pharm', country: "O'zbekiston" },
    category_id: 1,
    ...overrides,
  };
}

export function productDetailFixture(overrides: Record<string, unknown> = {}) {
  const { thumbnail: _thumbnail, category_id: _category, ...summary } = productFixture();
  return {
    ...summary,
    description: '',
    barcode: '4780000000011',
    storage_conditions: '',
    leaflet: '',
    category: { id: 1, slug: 'analgesics', name: "Og'riq qoldiruvchilar", icon: '', parent_id: null },
    substances: [{ substance_id: 1, inn: 'Paracetamol', name: 'Paratsetamol', amount: '500', unit: 'mg' }],
    images: [],
    ...overrides,
  };
}

/** A cart line as `GET /api/v1/orders/cart/` renders it (`CartLineOutput`). */
export function cartItemFixture(overrides: Record<string, unknown> = {}) {
  const id = nextId++;
  return {
    id,
    product: { id: id + 1000, name: `Product ${id}`, slug: `product-${id}`, is_active: true },
    quantity: 1,
    unit_price: '10000.00',
    line_total: '10000.00',
    available_quantity: 50,
    stock_warning: null,
    requires_prescription: false,
    ...overrides,
  };
}

/** A whole cart (`CartOutput`), its totals and flags worked out from the lines given. */
export function cartFixture(items: ReturnType<typeof cartItemFixture>[] = [], overrides: Record<string, unknown> = {}) {
  const cents = items.reduce((sum, item) => sum + Math.round(Number(item.line_total) * 100), 0);
  return {
    items,
    items_total: (cents / 100).toFixed(2),
    requires_prescription: items.some((item) => item.requires_prescription),
    can_checkout: items.length > 0 && items.every((item) => item.stock_warning === null),
    prescription_policy: 'upload_review',
    max_quantity_per_product: 10,
    ...overrides,
  };
}

export function userFixture(overrides: Record<string, unknown> = {}) {
  return {
    id: 7,
    phone_number: '+998901234567',
    first_name: 'Nilufar',
    last_name: 'Yusupova',
    language: 'uz',
    role: 'customer',
    is_verified: true,
    date_joined: '2026-01-10T09:00:00Z',
    ...overrides,
  };
}

/** An order as `GET /api/v1/orders/{number}/` renders it for its customer (`OrderDetailOutput`). */
export function orderFixture(overrides: Record<string, unknown> = {}) {
  const base = {
    id: 501,
    number: 'DX-7KQ3M9P2',
    status: 'created',
    status_display: 'Created',
    created_at: '2026-01-15T07:30:00Z',
    payment_method: 'cash',
    delivery_type: 'courier',
    paid_at: null as string | null,
    items_count: 1,
    items_total: '20000.00',
    delivery_fee: '15000.00',
    total: '35000.00',
    requires_prescription: false,
    reservation_expires_at: null,
    customer: { id: 7, phone_number: '+998901234567', name: 'Nilufar Yusupova' },
    items: [
      {
        id: 1,
        product_id: 11,
        product_name: 'Paratsetamol 500 mg',
        unit_price: '20000.00',
        quantity: 1,
        line_total: '20000.00',
        requires_prescription: false,
        batches: [{ lot_number: 'L-2201', expiry_date: '2027-06-30', quantity: 1 }],
      },
    ],
    note: '',
    prescription_ids: [] as number[],
    prescription_claimed: false,
    payment: { method: 'cash', is_paid: false, paid_at: null as string | null, amount_due: '35000.00', checkout_url: null as string | null },
    delivery: {
      type: 'courier',
      address: { text: 'Toshkent, Amir Temur 15, 4', latitude: null, longitude: null } as { text: string; latitude: string | null; longitude: string | null } | null,
      fee: '15000.00',
      delivered_at: null,
    },
    timeline: [{ from_status: '', to_status: 'created', at: '2026-01-15T07:30:00Z', actor_role: 'customer', reason: '' }],
    removed_items: [],
    available_transitions: ['cancelled'],
    lines_removable: false,
  };
  return { ...base, ...overrides };
}

/** `POST /api/v1/delivery/quote/` for a deliverable address (`DeliveryQuoteOutput`). */
export function deliveryQuoteFixture(overrides: Record<string, unknown> = {}) {
  return {
    is_deliverable: true,
    reason: '',
    message: '',
    zone: { id: 1, name: 'Markaz' },
    fee: '15000.00',
    eta_min_minutes: 30,
    eta_max_minutes: 60,
    free_delivery_from: '150000.00',
    min_order_total: '20000.00',
    opens_at: '08:00',
    ...overrides,
  };
}

/** `GET /api/v1/delivery/{number}/track/` while the courier is on the way (`TrackOutput`). */
export function trackingFixture(overrides: Record<string, unknown> = {}) {
  return {
    order_number: 'DX-7KQ3M9P2',
    status: 'on_the_way',
    attempt: 1,
    courier_first_name: 'Jasur',
    eta_earliest: '2026-01-15T08:00:00Z',
    eta_latest: '2026-01-15T08:30:00Z',
    location: { latitude: '41.311100', longitude: '69.279700', recorded_at: '2026-01-15T07:55:00Z' },
    delivered_at: null,
    proof_method: '',
    timeline: [
      { status: 'ready', at: '2026-01-15T07:40:00Z' },
      { status: 'on_the_way', at: '2026-01-15T07:50:00Z' },
    ],
    ...overrides,
  };
}

/** A delivery as the courier's API renders it (`CourierDeliveryOutput`), just assigned. */
export function courierDeliveryFixture(overrides: Partial<CourierDelivery> = {}): CourierDelivery {
  return {
    id: 41,
    order_number: 'DX-7KQ3M9P2',
    status: 'assigned',
    next_statuses: ['picked_up', 'failed'],
    attempt: 1,
    address_text: "Toshkent, Amir Temur ko'chasi, 15",
    latitude: '41.338500',
    longitude: '69.285000',
    customer_first_name: 'Nilufar',
    customer_phone: '+998900000004',
    customer_note: '',
    items: [{ name: 'Paratsetamol 500 mg', quantity: 2 }],
    eta_earliest: null,
    eta_latest: null,
    assigned_at: '2026-01-15T07:30:00Z',
    picked_up_at: null,
    on_the_way_at: null,
    delivered_at: null,
    failed_at: null,
    failure_reason: '',
    proof_method: '',
    order_id: 501,
    payment_method: 'cash',
    cash_to_collect: '27500.00',
    cash_received: false,
    handover: { code_sent_at: null, attempts_left: 5, is_locked: false },
    ...overrides,
  };
}
