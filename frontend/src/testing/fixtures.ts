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

export function cartItemFixture(overrides: Record<string, unknown> = {}) {
  const id = nextId++;
  return {
    id,
    product: { id: id + 1000, slug: `product-${id}`, name: `Product ${id}`, thumbnail: null, requires_prescription: false },
    quantity: 1,
    unit_price: '10000.00',
    line_total: '10000.00',
    available_quantity: 50,
    stock_warning: null,
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

export function orderFixture(overrides: Record<string, unknown> = {}) {
  return {
    id: 501,
    number: 'DX-7KQ3M9P2',
    status: 'created',
    created_at: '2026-01-15T07:30:00Z',
    total: '35000.00',
    payment_method: 'cash',
    delivery_type: 'courier',
    address_text: "Amir Temur 15, 4, Toshkent",
    customer_note: '',
    items: [
      { id: 1, product_id: 11, product_name: 'Paratsetamol 500 mg', unit_price: '20000.00', quantity: 1, line_total: '20000.00', requires_prescription: false },
    ],
    items_total: '20000.00',
    delivery_fee: '15000.00',
    requires_prescription: false,
    paid_at: null,
    history: [{ from_status: '', to_status: 'created', created_at: '2026-01-15T07:30:00Z', reason: '' }],
    ...overrides,
  };
}
