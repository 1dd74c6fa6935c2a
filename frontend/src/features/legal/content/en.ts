import type { LegalTexts } from '@/features/legal/content/types';

export const texts: LegalTexts = {
  privacy: {
    title: 'Privacy policy',
    summary: 'What personal data Dorixona keeps, why and for how long, who sees it, and your rights.',
    sections: [
      {
        heading: 'What we collect',
        paragraphs: [
          'Account data: your phone number, first and last name, and chosen language. Your password is stored only as an irreversible hash.',
          'Orders: the medicines you bought, prices, delivery addresses and map pin, the payment method and its status. Card details never reach us: Payme or Click take the payment themselves.',
          "Prescriptions: the photos of prescriptions you upload and the pharmacist's decision on them. This is medical data and is kept under special protection.",
          'Technical data: sign-in times, IP address and device type, to protect your account and detect abuse.',
        ],
      },
      {
        heading: 'Why we use it',
        paragraphs: [
          'To accept, prepare and deliver your order and account for the payment; to dispense prescription medicines only against an approved prescription, as the law requires; to send SMS and in-app messages about your order; to prevent fraud and account takeover; and for accounting and tax reporting.',
          'We send promotional messages only with your consent, and you can turn them off in the settings at any time.',
        ],
      },
      {
        heading: 'Who sees it',
        paragraphs: [
          "Only you and the pharmacy's pharmacists see your prescriptions; couriers never do. A courier sees only what delivery needs: your first name, phone and address.",
          'Payment providers (Payme, Click) receive the order number and amount. The SMS provider receives the message text and your number. Where the law requires it, data is disclosed to the competent authorities. We do not sell your data.',
        ],
      },
      {
        heading: 'How long we keep it',
        paragraphs: [
          'Account data is kept while your account exists. Orders and payments are kept as long as accounting and tax law require. Prescription photos are not kept longer than the law requires after the prescription has expired.',
        ],
      },
      {
        heading: 'Your rights',
        paragraphs: [
          'Under "Account → Privacy" you can download all data about you as a JSON file, change your name and language, choose your notifications and delete your account. Deleting it erases your personal data; orders stay for accounting without being linked to you.',
          'Your data is stored on servers in Uzbekistan in accordance with the Law of the Republic of Uzbekistan "On Personal Data".',
        ],
      },
      {
        heading: 'Contact',
        paragraphs: ['Write to customer support with any privacy question or request; we answer within 10 working days.'],
      },
    ],
  },
  terms: {
    title: 'Terms of service',
    summary: 'The rules of the Dorixona online pharmacy: ordering, payment, delivery and returns.',
    sections: [
      {
        heading: 'General',
        paragraphs: [
          'By registering you accept these terms and the privacy policy. The service is for people aged 18 and over. Only you use your account, and you do not share your password.',
        ],
      },
      {
        heading: 'Orders and prices',
        paragraphs: [
          'Prices are in so\'m and include VAT. The price at the moment you place the order does not change. Placing an order reserves the medicines for you; if an online payment does not arrive in the time allowed, the order is cancelled automatically.',
          'If there is not enough stock, the order is not accepted and we tell you straight away.',
        ],
      },
      {
        heading: 'Prescription medicines',
        paragraphs: [
          'Prescription-only medicines are dispensed only against a valid prescription approved by a pharmacist. If a prescription is rejected we tell you why; you can cancel the order or upload a new prescription. Uploading a forged prescription is an offence.',
        ],
      },
      {
        heading: 'Payment',
        paragraphs: [
          'You can pay with Payme, Click or in cash on delivery. For online payments the provider takes your card details; we never see them. Every payment comes with an electronic receipt.',
        ],
      },
      {
        heading: 'Delivery and pickup',
        paragraphs: [
          "The delivery fee and time depend on the zone of your address and are shown before you pay. You tell the courier the handover code you received by SMS. You can also collect your order at the pharmacy.",
        ],
      },
      {
        heading: 'Cancellations and returns',
        paragraphs: [
          'You can cancel an order in the app until it is being prepared; a paid amount is refunded the way it was paid. Medicines of proper quality cannot be returned under the law. If a product is defective or not what you ordered, contact support and we will replace it or refund you.',
        ],
      },
      {
        heading: 'Liability and changes',
        paragraphs: [
          "Information on the site is for reference and does not replace a doctor's advice. If we change these terms, we will tell you before the new version takes effect.",
        ],
      },
    ],
  },
  disclaimer: {
    title: 'Medical disclaimer',
    summary: "Information about medicines on this site does not replace a doctor's advice.",
    sections: [
      {
        heading: "Information, not a doctor's advice",
        paragraphs: [
          "Descriptions of medicines, leaflets and lists of alternatives are for information only. They are not meant for diagnosis or treatment and do not replace the advice of a doctor or pharmacist.",
        ],
      },
      {
        heading: 'Alternatives',
        paragraphs: [
          '"Cheaper alternatives" are medicines with the same active substances. Inactive ingredients, dosage form and absorption can differ: ask your doctor or a pharmacist before switching.',
        ],
      },
      {
        heading: 'Do not self-medicate',
        paragraphs: [
          'Read the leaflet in the pack before taking a medicine. Always ask a doctor first during pregnancy or breastfeeding, for children, with a chronic illness, or together with other medicines. If side effects appear, stop taking it and see a doctor.',
        ],
      },
      {
        heading: 'Emergencies',
        paragraphs: ['In a life-threatening situation do not use this site: call an ambulance at once on 103.'],
      },
    ],
  },
};
