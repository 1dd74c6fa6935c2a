import type { LegalTexts } from '@/features/legal/content/types';

export const texts: LegalTexts = {
  privacy: {
    title: 'Maxfiylik siyosati',
    summary: "Dorixona qaysi shaxsiy ma'lumotlaringizni, nima uchun va qancha muddat saqlashini, ularni kim ko'rishini va sizning huquqlaringizni tushuntiradi.",
    sections: [
      {
        heading: "Biz qanday ma'lumotlarni yig'amiz",
        paragraphs: [
          "Hisob ma'lumotlari: telefon raqamingiz, ismingiz va familiyangiz, tanlagan tilingiz. Parolingiz faqat qaytarib bo'lmaydigan xesh ko'rinishida saqlanadi.",
          "Buyurtmalar: siz sotib olgan dorilar, narxlar, yetkazib berish manzillari va xaritadagi nuqta, to'lov usuli va to'lov holati. Karta ma'lumotlari bizga kelmaydi: to'lovni Payme yoki Click o'zi qabul qiladi.",
          "Retseptlar: siz yuklagan retsept rasmlari va farmatsevtning ular bo'yicha qarori. Bu tibbiy ma'lumot bo'lib, alohida himoya ostida saqlanadi.",
          "Texnik ma'lumotlar: kirish vaqti, IP-manzil va qurilma turi — hisobingizni himoya qilish va suiiste'molni aniqlash uchun.",
        ],
      },
      {
        heading: "Ma'lumotlardan nima uchun foydalanamiz",
        paragraphs: [
          "Buyurtmani qabul qilish, yig'ish, yetkazib berish va to'lovni hisobga olish; retseptli dorilarni qonun talab qilganidek faqat tasdiqlangan retsept bo'yicha berish; buyurtma holati haqida SMS va ilova ichida xabar yuborish; firibgarlik va hisobni o'g'irlashning oldini olish; soliq va buxgalteriya hisobotlari.",
          "Reklama xabarlarini faqat siz rozi bo'lsangiz yuboramiz va ularni istalgan vaqtda sozlamalarda o'chirib qo'yishingiz mumkin.",
        ],
      },
      {
        heading: "Ma'lumotlarni kim ko'radi",
        paragraphs: [
          "Retseptlaringizni faqat siz va dorixonamiz farmatsevtlari ko'radi; kuryerlar ularni hech qachon ko'rmaydi. Kuryer faqat yetkazib berish uchun kerakli ma'lumotni — ismingiz, telefoningiz va manzilingizni ko'radi.",
          "To'lov tizimlari (Payme, Click) buyurtma raqami va summasini oladi. SMS provayderi xabar matni va telefon raqamingizni oladi. Qonunda belgilangan hollarda ma'lumotlar vakolatli davlat organlariga beriladi. Ma'lumotlaringizni sotmaymiz.",
        ],
      },
      {
        heading: 'Saqlash muddati',
        paragraphs: [
          "Hisob ma'lumotlari hisobingiz mavjud ekan saqlanadi. Buyurtmalar va to'lovlar buxgalteriya va soliq qonunchiligi talab qilgan muddat davomida saqlanadi. Retsept rasmlari amal qilish muddati tugaganidan keyin qonun talab qilganidan ortiq saqlanmaydi.",
        ],
      },
      {
        heading: 'Sizning huquqlaringiz',
        paragraphs: [
          "Siz o'zingiz haqingizdagi barcha ma'lumotlarni “Hisob → Maxfiylik” bo'limida JSON fayl sifatida yuklab olishingiz, ism va tilni o'zgartirishingiz, xabarnomalarni sozlashingiz va hisobingizni o'chirishingiz mumkin. Hisob o'chirilganda shaxsiy ma'lumotlar o'chiriladi, buyurtmalar esa hisobot uchun shaxsingizga bog'lanmagan holda qoladi.",
          "Ma'lumotlaringiz O'zbekiston Respublikasining “Shaxsga doir ma'lumotlar to'g'risida”gi qonuniga muvofiq O'zbekiston hududidagi serverlarda saqlanadi.",
        ],
      },
      {
        heading: "Bog'lanish",
        paragraphs: ["Maxfiylik bo'yicha savollar va so'rovlar uchun qo'llab-quvvatlash xizmatiga yozing; so'rovingizga 10 ish kuni ichida javob beramiz."],
      },
    ],
  },
  terms: {
    title: 'Foydalanish shartlari',
    summary: "Dorixona onlayn dorixonasidan foydalanish, buyurtma berish, to'lash, yetkazib berish va qaytarish qoidalari.",
    sections: [
      {
        heading: 'Umumiy qoidalar',
        paragraphs: [
          "Ro'yxatdan o'tib, siz ushbu shartlarni va maxfiylik siyosatini qabul qilasiz. Xizmatdan 18 yoshga to'lgan shaxslar foydalanishi mumkin. Hisobingizni faqat o'zingiz ishlatasiz va parolingizni boshqalarga bermaysiz.",
        ],
      },
      {
        heading: 'Buyurtma va narxlar',
        paragraphs: [
          "Narxlar so'mda ko'rsatiladi va QQSni o'z ichiga oladi. Buyurtma rasmiylashtirilgan paytdagi narx o'zgarmaydi. Buyurtma berilganda dorilar siz uchun band qilinadi; onlayn to'lov belgilangan vaqt ichida amalga oshirilmasa, buyurtma avtomatik bekor qilinadi.",
          "Omborda yetarli dori bo'lmasa, buyurtma qabul qilinmaydi va bu haqda darhol xabar beramiz.",
        ],
      },
      {
        heading: 'Retseptli dorilar',
        paragraphs: [
          "Retsept bilan beriladigan dorilar faqat farmatsevt tasdiqlagan, amal qilish muddati tugamagan retsept asosida beriladi. Retsept rad etilsa, sababini ko'rsatamiz; buyurtmani bekor qilishingiz yoki yangi retsept yuklashingiz mumkin. Soxta retsept yuklash qonunga ko'ra javobgarlikka sabab bo'ladi.",
        ],
      },
      {
        heading: "To'lov",
        paragraphs: [
          "Payme, Click orqali yoki qo'lga olganda naqd pul bilan to'lash mumkin. Onlayn to'lovda karta ma'lumotlaringizni to'lov tizimi qabul qiladi, biz ularni ko'rmaymiz. Har bir to'lov uchun elektron chek beriladi.",
        ],
      },
      {
        heading: 'Yetkazib berish va olib ketish',
        paragraphs: [
          "Yetkazib berish narxi va vaqti manzilingiz joylashgan hududga bog'liq va to'lovdan oldin ko'rsatiladi. Kuryerga SMS orqali kelgan topshirish kodini aytasiz. Dorixonadan o'zingiz olib ketishingiz ham mumkin.",
        ],
      },
      {
        heading: 'Bekor qilish va qaytarish',
        paragraphs: [
          "Buyurtmani yig'ish boshlangunga qadar ilovada bekor qilishingiz mumkin; to'langan summa to'lov qilingan usul orqali qaytariladi. Sifatli dori vositalari qonunchilikka ko'ra qaytarib olinmaydi. Nuqsonli yoki noto'g'ri yetkazilgan mahsulot bo'yicha qo'llab-quvvatlash xizmatiga murojaat qiling — almashtiramiz yoki pulni qaytaramiz.",
        ],
      },
      {
        heading: "Javobgarlik va o'zgartirishlar",
        paragraphs: [
          "Saytdagi ma'lumotlar tanishish uchun berilgan va shifokor maslahatini almashtirmaydi. Ushbu shartlarni o'zgartirsak, yangi tahrir kuchga kirishidan oldin xabar beramiz.",
        ],
      },
    ],
  },
  disclaimer: {
    title: 'Tibbiy ogohlantirish',
    summary: "Saytdagi dori haqidagi ma'lumotlar shifokor maslahatini almashtirmaydi.",
    sections: [
      {
        heading: "Ma'lumot shifokor maslahati emas",
        paragraphs: [
          "Dorilar tavsifi, yo'riqnomalar va muqobil dorilar ro'yxati faqat ma'lumot uchun berilgan. Ular tashxis qo'yish, davolashni tayinlash yoki shifokor va farmatsevt maslahatini almashtirish uchun mo'ljallanmagan.",
        ],
      },
      {
        heading: 'Muqobil dorilar',
        paragraphs: [
          "“Arzonroq muqobillar” bir xil faol moddaga ega dorilarni ko'rsatadi. Yordamchi moddalar, dozalash shakli va so'rilishi farq qilishi mumkin: dorini almashtirishdan oldin shifokoringiz yoki farmatsevt bilan maslahatlashing.",
        ],
      },
      {
        heading: "O'zingizni o'zingiz davolamang",
        paragraphs: [
          "Dorini qabul qilishdan oldin qadoqdagi yo'riqnomani o'qing. Homiladorlik, emizish davrida, bolalarga, surunkali kasalliklarda yoki boshqa dorilar bilan birga qabul qilishdan oldin albatta shifokor bilan maslahatlashing. Nojo'ya ta'sirlar paydo bo'lsa, dorini to'xtatib, shifokorga murojaat qiling.",
        ],
      },
      {
        heading: 'Shoshilinch holatlar',
        paragraphs: ["Hayot uchun xavfli holatda saytga emas, darhol tez yordamga qo'ng'iroq qiling: 103."],
      },
    ],
  },
};
