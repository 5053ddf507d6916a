"""Demo catalogue of Pasar Sentra: categories, sentra, producer groups and products."""

MOTIFS = (
    "vase",
    "bowl",
    "plate",
    "cup",
    "pot",
    "batik_cloth",
    "batik_shirt",
    "ring",
    "bracelet",
    "necklace",
    "earrings",
    "brooch",
    "chips_bag",
    "tempe",
    "snack_jar",
    "basket",
    "mat",
    "wood_carving",
    "mask",
    "bag",
)


CATEGORIES: list[dict] = [
    {
        "slug": "keramik",
        "name": "Keramik",
        "name_en": "Ceramics",
        "parent": None,
        "position": 1,
    },
    {
        "slug": "gerabah",
        "name": "Gerabah & Pot",
        "name_en": "Earthenware & Pots",
        "parent": "keramik",
        "position": 1,
    },
    {
        "slug": "batik-tekstil",
        "name": "Batik & Tekstil",
        "name_en": "Batik & Textiles",
        "parent": None,
        "position": 2,
    },
    {
        "slug": "busana-batik",
        "name": "Busana Batik",
        "name_en": "Batik Clothing",
        "parent": "batik-tekstil",
        "position": 1,
    },
    {
        "slug": "perak-logam",
        "name": "Perak & Logam",
        "name_en": "Silver & Metalwork",
        "parent": None,
        "position": 3,
    },
    {
        "slug": "makanan-olahan",
        "name": "Makanan Olahan",
        "name_en": "Processed Food",
        "parent": None,
        "position": 4,
    },
    {
        "slug": "keripik-camilan",
        "name": "Keripik & Camilan",
        "name_en": "Chips & Snacks",
        "parent": "makanan-olahan",
        "position": 1,
    },
    {
        "slug": "tempe-kedelai",
        "name": "Tempe & Olahan Kedelai",
        "name_en": "Tempe & Soy Products",
        "parent": "makanan-olahan",
        "position": 2,
    },
    {
        "slug": "kopi-minuman",
        "name": "Kopi & Minuman",
        "name_en": "Coffee & Drinks",
        "parent": "makanan-olahan",
        "position": 3,
    },
    {
        "slug": "anyaman",
        "name": "Anyaman",
        "name_en": "Woven Crafts",
        "parent": None,
        "position": 5,
    },
    {
        "slug": "kayu",
        "name": "Kayu & Topeng",
        "name_en": "Woodcraft & Masks",
        "parent": None,
        "position": 6,
    },
    {
        "slug": "tas-aksesori",
        "name": "Tas & Aksesori",
        "name_en": "Bags & Accessories",
        "parent": None,
        "position": 7,
    },
]


SENTRA: list[dict] = [
    {
        "slug": "keramik-dinoyo",
        "name": "Sentra Keramik Dinoyo",
        "craft": "Keramik",
        "province": "Jawa Timur",
        "regency": "Kota Malang",
        "district": "Lowokwaru",
        "village": "Dinoyo",
        "story": (
            "Kampung keramik Dinoyo di Kecamatan Lowokwaru pernah menjadi salah satu pusat perajin "
            "keramik paling terkenal di Indonesia. Pada masa jayanya hampir setiap rumah di "
            "kampung ini punya usaha keramik: ada yang membentuk, ada yang membakar, ada yang "
            "membuka toko di teras rumah. Keramik Dinoyo pun menjadi salah satu ikon Kota "
            "Malang.\n\n"
            "Masa itu lama-lama meredup. Perajin yang dulu berjumlah puluhan terus berkurang; pada "
            "akhir 2020 Dinas Koperasi, Perindustrian dan Perdagangan Kota Malang menyebut hanya "
            "sekitar tiga perajin yang masih bertahan membuat keramik sendiri.\n\n"
            "Sejak itu pemerintah kota berupaya menghidupkan kembali sentra ini, antara lain "
            "dengan menggandeng ITS Surabaya untuk pelatihan dan pendampingan: mengelola usaha, "
            "menjaga mutu, sampai memasarkan produk. Bahan setengah jadi berupa liquid untuk cetak "
            "tuang dan jasa pembakaran bisa diperoleh dari UPT Keramik dan Kerajinan milik "
            "Disperindag Jawa Timur yang berada di Kota Malang. Lewat Pasar Sentra, perajin yang "
            "tersisa dan generasi mudanya menjual langsung ke pembeli di seluruh Indonesia."
        ),
        "established_year": None,
    },
    {
        "slug": "tempe-sanan",
        "name": "Sentra Industri Tempe Sanan",
        "craft": "Tempe dan keripik tempe",
        "province": "Jawa Timur",
        "regency": "Kota Malang",
        "district": "Blimbing",
        "village": "Purwantoro",
        "story": (
            "Kampung Sanan terletak di Kelurahan Purwantoro, Kecamatan Blimbing, tidak jauh dari "
            "pusat Kota Malang. Sejak subuh gang-gangnya sudah beraroma kedelai rebus, sebab "
            "sebagian besar keluarga di sini hidup dari tempe: membuat tempe segar, mengolahnya "
            "menjadi keripik, atau menjualnya di toko oleh-oleh di depan rumah.\n\n"
            "Keripik tempe Sanan dibuat dari tempe yang diiris hampir setipis kertas, dicelup "
            "adonan tepung berbumbu bawang putih dan ketumbar, lalu digoreng sampai renyah. "
            "Camilan ini sudah lama menjadi buah tangan khas Malang, dengan rasa yang terus "
            "bertambah: original, daun jeruk, balado, keju hingga rumput laut.\n\n"
            "Sentra ini tergolong maju, tetapi pemerintah kota ingin mutunya naik lagi. Pada akhir "
            "2020 Diskopindag Kota Malang bekerja sama dengan Fakultas Teknologi Pertanian "
            "Universitas Brawijaya untuk mendampingi perajin, terutama agar proses produksinya "
            "lebih higienis dan pemasarannya lebih luas."
        ),
        "established_year": None,
    },
    {
        "slug": "perak-celuk",
        "name": "Sentra IKM Perak Celuk",
        "craft": "Perak",
        "province": "Bali",
        "regency": "Kabupaten Gianyar",
        "district": "Sukawati",
        "village": "Celuk",
        "story": (
            "Desa Celuk di Kecamatan Sukawati, Kabupaten Gianyar, berada di jalur antara Denpasar "
            "dan Ubud dan dikenal luas sebagai desa perajin perak. Keterampilan menempa, memilin "
            "dan mengukir perak diwariskan dari orang tua ke anak di bengkel-bengkel rumahan. "
            "Cirinya adalah butiran perak halus yang disusun satu per satu (jawan) dan ornamen "
            "yang bersumber dari ukiran Bali seperti patra, bunga jepun dan naga.\n\n"
            "Celuk ditetapkan sebagai Pusat Pengembangan Sentra IKM Perak dan menjadi salah satu "
            "aset strategis Pemerintah Kabupaten Gianyar, lengkap dengan gedung, mesin, peralatan "
            "dan mebel milik pemerintah daerah untuk dipakai bersama. Pekerjaan rumahnya adalah "
            "kejelasan dasar hukum lembaga pengelola; Disperindag Gianyar menggandeng Universitas "
            "Warmadewa untuk mengkaji kelembagaan sentra.\n\n"
            "Pada Oktober 2024 pengurus kelembagaan sentra mengikuti pelatihan manajemen mutu dan "
            "pengelolaan sentra yang dibiayai DAK nonfisik Kementerian Perindustrian. Di Pasar "
            "Sentra, bengkel-bengkel Celuk menjual karyanya langsung, dengan kadar perak dan asal "
            "bengkel yang jelas."
        ),
        "established_year": None,
    },
    {
        "slug": "batik-mojokerto",
        "name": "Sentra IKM Batik Bharata Maja Wastra",
        "craft": "Batik",
        "province": "Jawa Timur",
        "regency": "Kota Mojokerto",
        "district": "Magersari",
        "village": "Gunung Gedangan",
        "story": (
            "Mojokerto hidup berdampingan dengan jejak Majapahit; situs-situs Trowulan berada "
            "tidak jauh dari kota. Banyak motif batik Mojokerto mengambil ilham dari kerajaan itu: "
            "Surya Majapahit, lambang matahari bersudut delapan; buah maja yang menjadi asal nama "
            "Majapahit; hingga bentuk gapura dan relief candi. Motif lain yang akrab di kalangan "
            "pembatik setempat, seperti Mrico Bolong dan Koro Renteng, juga terus dibuat.\n\n"
            "Untuk menghimpun para perajin, Pemerintah Kota Mojokerto membangun Gedung Sentra IKM "
            "Batik Bharata Maja Wastra di Jalan Kedungsari, di sisi Kelurahan Gunung Gedangan, "
            "Kecamatan Magersari, dengan DAK fisik sebesar Rp15,8 miliar. Gedung ini mulai "
            "difungsikan pada 2024 dan dikelola UPT Layanan Industri di bawah Diskopukmperindag "
            "Kota Mojokerto.\n\n"
            "Sebelum gedung dibuka, calon pengelolanya belajar ke Sentra IKM Kreatif Harmoni "
            "Semanggi di Surakarta tentang layanan, pendanaan dan cara menarik pengunjung. Kini "
            "sentra menjadi tempat perajin mengasah keterampilan, mengenal teknologi baru, "
            "mengembangkan produksi dan memasarkan batiknya, termasuk lewat Pasar Sentra."
        ),
        "established_year": 2024,
    },
    {
        "slug": "kendedes-singosari",
        "name": 'Pusat Kerajinan Kendedes Singosari "Pujisari"',
        "craft": "Kerajinan dan makanan olahan",
        "province": "Jawa Timur",
        "regency": "Kabupaten Malang",
        "district": "Singosari",
        "village": "Pagentan",
        "story": (
            "Pusat Kerajinan Kendedes Singosari, yang lebih dikenal sebagai Pujisari, berdiri "
            "tepat di depan Pasar Singosari. Kompleks berisi belasan stan ini semula dikelola "
            "Dinas Perindustrian, Perdagangan dan Pasar Kabupaten Malang sebagai pusat promosi dan "
            "pameran IKM: tempat perajin mitra memperoleh informasi pasar, berpromosi, dan dibantu "
            "bernegosiasi dengan pembeli dari dalam maupun luar negeri.\n\n"
            "Pada Oktober 2011 Ketua Dekranasda Kabupaten Malang memberi mandat kepada Asosiasi "
            "UPK Kabupaten Malang untuk mengelola sebagian besar stan. Kantor UPK Singosari "
            "sekaligus menjadi kantor asosiasi, dan delapan stan diisi secara swadaya bersama 28 "
            "UPK eks PNPM Mandiri Perdesaan lainnya. Ratusan produk kelompok mitra, dari anyaman, "
            "topeng dan ukiran kayu, batik, gerabah sampai kopi dan camilan, dipajang dan "
            "dipasarkan dari galeri ini.\n\n"
            "Galeri ini memegang prinsip satu desa satu produk. Setiap UPK kecamatan menyusun "
            "katalog produk unggulan secara berkala, lalu dihimpun menjadi katalog tingkat "
            "kabupaten yang dicetak dan diunggah ke internet. Pasar Sentra meneruskan kebiasaan "
            "itu: produk unggulan desa tampil di halaman depan dan di katalog cetak."
        ),
        "established_year": 2011,
    },
]


GROUPS: list[dict] = [
    # Sentra Keramik Dinoyo
    {
        "slug": "griya-keramik-laras",
        "sentra": "keramik-dinoyo",
        "name": "Griya Keramik Laras",
        "kind": "workshop",
        "village": "Dinoyo",
        "story": (
            "Bengkel keluarga ini sudah membuat keramik sejak kampung Dinoyo masih ramai oleh "
            "tungku. Ketika satu per satu tetangga berhenti berproduksi, Bu Sri memilih bertahan; "
            "kini ia dibantu putrinya dan dua perajin lepas.\n\n"
            "Bentuk dibuat dengan cetak tuang memakai liquid dari UPT Keramik dan Kerajinan, lalu "
            "diglasir dan dibakar di tungku sendiri. Ciri khasnya glasir biru kobalt dan lukisan "
            "tangan bermotif bunga."
        ),
        "whatsapp": "+6281200010101",
        "shipping_origin": "Kota Malang, Jawa Timur",
        "bank_name": "Bank Jatim",
        "bank_account_number": "0021847365",
        "bank_account_holder": "Sri Wahyuningsih",
        "shipping_fee": 25000,
        "free_shipping_threshold": 500000,
        "owner_name": "Sri Wahyuningsih",
        "owner_email": "sri@griyalaras.example",
    },
    {
        "slug": "keramik-putar-darmaji",
        "sentra": "keramik-dinoyo",
        "name": "Keramik Putar Pak Darmaji",
        "kind": "perajin",
        "village": "Dinoyo",
        "story": (
            "Pak Sugeng Darmaji belajar memutar tanah liat sejak remaja di salah satu pabrik "
            "keramik Dinoyo yang kini sudah tutup. Ia termasuk segelintir perajin yang masih "
            "bekerja dengan meja putar, sehingga tidak ada dua cangkir buatannya yang persis "
            "sama.\n\n"
            "Setelah mengikuti pendampingan pemasaran dari pemerintah kota, ia mulai menerima "
            "pesanan kedai kopi dan suvenir pernikahan dalam jumlah kecil."
        ),
        "whatsapp": "+6281200010102",
        "shipping_origin": "Kota Malang, Jawa Timur",
        "bank_name": "BRI",
        "bank_account_number": "002101004417503",
        "bank_account_holder": "Sugeng Darmaji",
        "shipping_fee": 25000,
        "free_shipping_threshold": None,
        "owner_name": "Sugeng Darmaji",
        "owner_email": "darmaji@keramikputar.example",
    },
    {
        "slug": "tanah-dinoyo-muda",
        "sentra": "keramik-dinoyo",
        "name": "Kelompok Perajin Muda Tanah Dinoyo",
        "kind": "kelompok",
        "village": "Dinoyo",
        "story": (
            "Kelompok ini dibentuk anak-anak muda Dinoyo yang tidak ingin kampungnya kehilangan "
            "jati diri. Mereka belajar teknik dari perajin senior, lalu mengikuti pelatihan desain "
            "dan manajemen usaha yang difasilitasi pemerintah kota bersama perguruan tinggi.\n\n"
            "Produknya peralatan makan dan minum bergaya sederhana dengan glasir warna tanah, "
            "banyak dipakai kedai kopi di Malang. Pembakaran dilakukan bergiliran, sebagian "
            "memanfaatkan jasa tungku UPT Keramik."
        ),
        "whatsapp": "+6281200010103",
        "shipping_origin": "Kota Malang, Jawa Timur",
        "bank_name": "BNI",
        "bank_account_number": "1189045527",
        "bank_account_holder": "Kelompok Tanah Dinoyo",
        "shipping_fee": 22000,
        "free_shipping_threshold": 400000,
        "owner_name": "Rizky Ardiansyah",
        "owner_email": "rizky@tanahdinoyo.example",
    },
    {
        "slug": "gerabah-merjosari",
        "sentra": "keramik-dinoyo",
        "name": "Sanggar Gerabah Merjosari",
        "kind": "workshop",
        "village": "Merjosari",
        "story": (
            "Sanggar di Kelurahan Merjosari, tetangga Dinoyo di Kecamatan Lowokwaru, ini membuat "
            "gerabah bakaran rendah dan pot keramik untuk tanaman hias. Tanah liat merah diolah "
            "dengan tangan, lalu dibentuk di meja putar atau dengan cetakan gips.\n\n"
            "Sejak tanaman hias ramai digemari, pesanan pot datang dari penjual tanaman di Malang "
            "Raya hingga luar Jawa. Setiap pot dikemas berlapis kardus dan serutan kayu agar aman "
            "di perjalanan."
        ),
        "whatsapp": "+6281200010104",
        "shipping_origin": "Kota Malang, Jawa Timur",
        "bank_name": "Mandiri",
        "bank_account_number": "1440012873366",
        "bank_account_holder": "Wahyudi Santoso",
        "shipping_fee": 30000,
        "free_shipping_threshold": None,
        "owner_name": "Wahyudi Santoso",
        "owner_email": "wahyudi@gerabahmerjosari.example",
    },
    # Sentra Industri Tempe Sanan
    {
        "slug": "keripik-tempe-sari-kedelai",
        "sentra": "tempe-sanan",
        "name": "Keripik Tempe Sari Kedelai",
        "kind": "perajin",
        "village": "Purwantoro",
        "story": (
            "Bu Siti Sumarni mewarisi resep keripik tempe dari ibunya. Tempenya dibuat sendiri "
            "dari kedelai pilihan dan dicetak memanjang dalam plastik, lalu diiris tipis dengan "
            "pisau tajam sebelum dicelup adonan tepung berbumbu.\n\n"
            "Usaha rumahan ini mempekerjakan enam tetangga dan memasok beberapa toko oleh-oleh di "
            "Malang. Izin PIRT dan sertifikat halal sudah dikantongi."
        ),
        "whatsapp": "+6281200020101",
        "shipping_origin": "Kota Malang, Jawa Timur",
        "bank_name": "BRI",
        "bank_account_number": "005201023388506",
        "bank_account_holder": "Siti Sumarni",
        "shipping_fee": 15000,
        "free_shipping_threshold": 150000,
        "owner_name": "Siti Sumarni",
        "owner_email": "siti@sarikedelai.example",
    },
    {
        "slug": "kub-tempe-sanan-lestari",
        "sentra": "tempe-sanan",
        "name": "KUB Tempe Sanan Lestari",
        "kind": "kelompok",
        "village": "Purwantoro",
        "story": (
            "Kelompok usaha bersama ini menghimpun dua belas perajin tempe segar. Kedelai direndam "
            "semalam, dikupas, direbus, diberi ragi, lalu dibungkus daun pisang atau plastik "
            "berlubang dan diperam sekitar 36 jam di rak bambu.\n\n"
            "Karena tempe segar hanya tahan dua sampai tiga hari, kelompok ini juga membuat tempe "
            "beku kemasan vakum agar bisa dikirim lebih jauh. Tempe segar hanya dikirim untuk "
            "wilayah Malang Raya."
        ),
        "whatsapp": "+6281200020102",
        "shipping_origin": "Kota Malang, Jawa Timur",
        "bank_name": "Bank Jatim",
        "bank_account_number": "0031129984",
        "bank_account_holder": "KUB Tempe Sanan Lestari",
        "shipping_fee": 18000,
        "free_shipping_threshold": None,
        "owner_name": "Bambang Hariyanto",
        "owner_email": "bambang@sananlestari.example",
    },
    {
        "slug": "dapur-camilan-purwantoro",
        "sentra": "tempe-sanan",
        "name": "Dapur Camilan Purwantoro",
        "kind": "kelompok",
        "village": "Purwantoro",
        "story": (
            "Kelompok ibu-ibu PKK ini berawal dari arisan yang saling bertukar resep olahan tempe. "
            "Kini mereka memasak tempe kering, sambal tempe dan tempe crispy setiap hari di dapur "
            "bersama.\n\n"
            "Setelah mengikuti pendampingan keamanan pangan, dapur mereka memakai meja baja tahan "
            "karat, penutup kepala dan sarung tangan, dan setiap adonan dicatat tanggal "
            "produksinya."
        ),
        "whatsapp": "+6281200020103",
        "shipping_origin": "Kota Malang, Jawa Timur",
        "bank_name": "BSI",
        "bank_account_number": "7145502318",
        "bank_account_holder": "Tutik Handayani",
        "shipping_fee": 15000,
        "free_shipping_threshold": 200000,
        "owner_name": "Tutik Handayani",
        "owner_email": "tutik@dapurpurwantoro.example",
    },
    {
        "slug": "kedelai-emas-sanan",
        "sentra": "tempe-sanan",
        "name": "Rumah Produksi Kedelai Emas",
        "kind": "workshop",
        "village": "Purwantoro",
        "story": (
            "Rumah produksi ini dikelola generasi ketiga perajin Sanan yang memadukan resep "
            "kampung dengan kemasan modern: kantong tegak berziplock dan kotak oleh-oleh siap "
            "bingkis.\n\n"
            "Varian rasanya dikembangkan sendiri, dari rumput laut sampai rendah garam, dan semua "
            "produk dilengkapi label gizi serta tanggal kedaluwarsa."
        ),
        "whatsapp": "+6281200020104",
        "shipping_origin": "Kota Malang, Jawa Timur",
        "bank_name": "BCA",
        "bank_account_number": "3150887214",
        "bank_account_holder": "Andik Prasetyo",
        "shipping_fee": 15000,
        "free_shipping_threshold": 150000,
        "owner_name": "Andik Prasetyo",
        "owner_email": "andik@kedelaiemas.example",
    },
    # Sentra IKM Perak Celuk
    {
        "slug": "perak-sari-jawan",
        "sentra": "perak-celuk",
        "name": "Sanggar Perak Sari Jawan",
        "kind": "workshop",
        "village": "Celuk",
        "story": (
            "I Wayan Sudarsana adalah generasi ketiga perajin perak di keluarganya. Di bengkel di "
            "samping rumahnya, lima perajin menyusun butiran perak (jawan) satu per satu dengan "
            "pinset, lalu mematrinya di atas nyala api kecil.\n\n"
            "Semua karya memakai perak 925 dan diberi cap kadar. Sanggar ini melayani ukuran "
            "cincin khusus; cantumkan ukuran di catatan pesanan."
        ),
        "whatsapp": "+6281300030101",
        "shipping_origin": "Kab. Gianyar, Bali",
        "bank_name": "BPD Bali",
        "bank_account_number": "0200215008731",
        "bank_account_holder": "I Wayan Sudarsana",
        "shipping_fee": 35000,
        "free_shipping_threshold": 1500000,
        "owner_name": "I Wayan Sudarsana",
        "owner_email": "wayan@sarijawan.example",
    },
    {
        "slug": "perak-ayu-celuk",
        "sentra": "perak-celuk",
        "name": "Perak Ayu Celuk",
        "kind": "perajin",
        "village": "Celuk",
        "story": (
            "Ni Made Ayu Suryani mulai bekerja sebagai tukang poles di bengkel perak tetangganya, "
            "lalu belajar membentuk perhiasan sendiri. Kini ia memimpin empat perajin perempuan "
            "yang khusus membuat anting, gelang dan liontin.\n\n"
            "Motifnya banyak diambil dari bunga-bunga upacara di Bali seperti jepun dan canang, "
            "dibuat ringan supaya nyaman dipakai sehari-hari."
        ),
        "whatsapp": "+6281300030102",
        "shipping_origin": "Kab. Gianyar, Bali",
        "bank_name": "BRI",
        "bank_account_number": "046301009921505",
        "bank_account_holder": "Ni Made Ayu Suryani",
        "shipping_fee": 30000,
        "free_shipping_threshold": 1000000,
        "owner_name": "Ni Made Ayu Suryani",
        "owner_email": "made@perakayu.example",
    },
    {
        "slug": "perak-tunas-mekar",
        "sentra": "perak-celuk",
        "name": "Kelompok Perajin Perak Tunas Mekar",
        "kind": "kelompok",
        "village": "Celuk",
        "story": (
            "Kelompok ini didirikan perajin-perajin muda Celuk yang dulu bekerja untuk eksportir "
            "perhiasan. Mereka membuat perhiasan perak berdesain minimalis, polos, bertekstur palu "
            "atau geometris, yang tetap dikerjakan dengan tangan.\n\n"
            "Anggotanya aktif mengikuti pelatihan manajemen mutu di sentra, sehingga setiap produk "
            "ditimbang, diperiksa kadarnya dan dicatat sebelum dikirim."
        ),
        "whatsapp": "+6281300030103",
        "shipping_origin": "Kab. Gianyar, Bali",
        "bank_name": "BNI",
        "bank_account_number": "0812234456",
        "bank_account_holder": "Kelompok Tunas Mekar",
        "shipping_fee": 30000,
        "free_shipping_threshold": 1000000,
        "owner_name": "I Nyoman Artawan",
        "owner_email": "nyoman@tunasmekar.example",
    },
    {
        "slug": "bengkel-perak-sudiarta",
        "sentra": "perak-celuk",
        "name": "Bengkel Perak Ketut Sudiarta",
        "kind": "workshop",
        "village": "Celuk",
        "story": (
            "Bengkel ini dikenal karena ukiran perak yang besar dan rumit: bokor, bros kebaya dan "
            "perlengkapan upacara. Lembaran perak dipahat dari belakang dan depan hingga motif "
            "patra dan bunga tampak timbul.\n\n"
            "Sebagian besar pesanan datang dari keluarga di Bali untuk upacara dan pernikahan; "
            "kini karya yang sama bisa dipesan dari luar pulau."
        ),
        "whatsapp": "+6281300030104",
        "shipping_origin": "Kab. Gianyar, Bali",
        "bank_name": "Mandiri",
        "bank_account_number": "1450019283746",
        "bank_account_holder": "I Ketut Sudiarta",
        "shipping_fee": 35000,
        "free_shipping_threshold": None,
        "owner_name": "I Ketut Sudiarta",
        "owner_email": "ketut@peraksudiarta.example",
    },
    # Sentra IKM Batik Bharata Maja Wastra
    {
        "slug": "batik-tulis-sekar-maja",
        "sentra": "batik-mojokerto",
        "name": "Batik Tulis Sekar Maja",
        "kind": "workshop",
        "village": "Gunung Gedangan",
        "story": (
            "Bu Endang Purwaningsih membatik sejak 1990-an dan kini membina sepuluh pembatik "
            "perempuan dari kampung-kampung di sekitar Kedungsari. Semua kain dikerjakan dengan "
            "canting di dua sisi, dua minggu sampai tiga bulan per lembar.\n\n"
            "Motif andalannya Surya Majapahit dan buah maja dengan warna sogan dan indigo. Sanggar "
            "ini memakai ruang pewarnaan dan pelatihan di gedung Sentra IKM Batik Bharata Maja "
            "Wastra."
        ),
        "whatsapp": "+6281200040101",
        "shipping_origin": "Kota Mojokerto, Jawa Timur",
        "bank_name": "Bank Jatim",
        "bank_account_number": "0152286419",
        "bank_account_holder": "Endang Purwaningsih",
        "shipping_fee": 20000,
        "free_shipping_threshold": 1000000,
        "owner_name": "Endang Purwaningsih",
        "owner_email": "endang@sekarmaja.example",
    },
    {
        "slug": "batik-cap-kedundung-asri",
        "sentra": "batik-mojokerto",
        "name": "Kelompok Batik Kedundung Asri",
        "kind": "kelompok",
        "village": "Kedundung",
        "story": (
            "Kelompok ini membuat batik cap dengan cap tembaga buatan anggotanya sendiri, sehingga "
            "motif-motif Majapahit bisa dibuat dalam jumlah banyak dengan harga terjangkau. "
            "Pesanan seragam sekolah dan kantor menjadi tulang punggung usaha.\n\n"
            "Anggotanya delapan orang: bapak-bapak menangani pengecapan dan pewarnaan, ibu-ibu "
            "menambahkan isen-isen dengan canting pada kain kombinasi."
        ),
        "whatsapp": "+6281200040102",
        "shipping_origin": "Kota Mojokerto, Jawa Timur",
        "bank_name": "BRI",
        "bank_account_number": "061201007734508",
        "bank_account_holder": "Kelompok Batik Kedundung Asri",
        "shipping_fee": 20000,
        "free_shipping_threshold": 500000,
        "owner_name": "Agus Setiyono",
        "owner_email": "agus@kedundungasri.example",
    },
    {
        "slug": "rumah-batik-mrico-bolong",
        "sentra": "batik-mojokerto",
        "name": "Rumah Batik Mrico Bolong",
        "kind": "workshop",
        "village": "Balongsari",
        "story": (
            "Rumah Batik Mrico Bolong menjahit kain batik Mojokerto menjadi pakaian siap pakai: "
            "kemeja pria, blus, outer dan baju anak. Kainnya dibeli dari perajin batik cap dan "
            "tulis di sentra, lalu dipotong dengan pola yang menjaga motif tetap simetris.\n\n"
            "Ukuran tersedia dari S sampai XXL. Tabel ukuran ada di setiap produk, dan ukuran "
            "khusus bisa ditanyakan lewat WhatsApp."
        ),
        "whatsapp": "+6281200040103",
        "shipping_origin": "Kota Mojokerto, Jawa Timur",
        "bank_name": "BNI",
        "bank_account_number": "1023847756",
        "bank_account_holder": "Yuli Astutik",
        "shipping_fee": 18000,
        "free_shipping_threshold": 500000,
        "owner_name": "Yuli Astutik",
        "owner_email": "yuli@mricobolong.example",
    },
    {
        "slug": "batik-warna-alam-surodinawan",
        "sentra": "batik-mojokerto",
        "name": "Batik Warna Alam Surodinawan",
        "kind": "perajin",
        "village": "Surodinawan",
        "story": (
            "Tri Wulandari mendalami pewarnaan alam setelah mengikuti pelatihan di sentra. Ia "
            "memakai indigo untuk biru, kulit kayu tingi dan mahoni untuk cokelat kemerahan, serta "
            "daun mangga untuk hijau kekuningan.\n\n"
            "Warna alam lebih lembut dan sedikit berbeda setiap kali celup, sehingga setiap kain "
            "punya nuansa sendiri. Sisa potongan kain ia olah menjadi tas dan dompet kecil."
        ),
        "whatsapp": "+6281200040104",
        "shipping_origin": "Kota Mojokerto, Jawa Timur",
        "bank_name": "Mandiri",
        "bank_account_number": "1420016655208",
        "bank_account_holder": "Tri Wulandari",
        "shipping_fee": 20000,
        "free_shipping_threshold": None,
        "owner_name": "Tri Wulandari",
        "owner_email": "tri@warnaalam.example",
    },
    # Pusat Kerajinan Kendedes Singosari "Pujisari"
    {
        "slug": "anyaman-sekar-pandan-asrikaton",
        "sentra": "kendedes-singosari",
        "name": "Kelompok Anyaman Sekar Pandan Asrikaton",
        "kind": "kelompok",
        "village": "Asrikaton",
        "story": (
            "Kelompok anyaman di Desa Asrikaton, Kecamatan Pakis, bermitra dengan UPK Pakis sejak "
            "masa PNPM Mandiri Perdesaan. Anggotanya petani yang menganyam bambu dan pandan di "
            "sela musim tanam.\n\n"
            "Bambu apus dibelah tipis, dijemur dan sebagian diasap agar awet; daun pandan direbus, "
            "dijemur lalu diwarnai. Pinjaman dana bergulir dari UPK dipakai untuk membeli bahan "
            "baku dalam jumlah besar."
        ),
        "whatsapp": "+6281200050101",
        "shipping_origin": "Kab. Malang, Jawa Timur",
        "bank_name": "Bank Jatim",
        "bank_account_number": "0083345120",
        "bank_account_holder": "Kelompok Sekar Pandan",
        "shipping_fee": 28000,
        "free_shipping_threshold": 300000,
        "owner_name": "Suwarni",
        "owner_email": "suwarni@sekarpandan.example",
    },
    {
        "slug": "topeng-malangan-panji-laras",
        "sentra": "kendedes-singosari",
        "name": "Sanggar Topeng Malangan Panji Laras",
        "kind": "workshop",
        "village": "Tulusbesar",
        "story": (
            "Sanggar di Desa Tulusbesar, Kecamatan Tumpang, ini membuat topeng Malangan untuk "
            "penari dan kolektor. Topeng diukir dari kayu mentaos, dihaluskan, lalu dicat; warna "
            "wajah dan bentuk mata mengikuti watak tokoh dalam cerita Panji, halus atau gagah.\n\n"
            "Selain topeng, sanggar juga membuat ukiran relief bertema candi-candi di Malang. "
            "Setiap akhir pekan anak-anak desa belajar menari dan mengukir di sanggar."
        ),
        "whatsapp": "+6281200050102",
        "shipping_origin": "Kab. Malang, Jawa Timur",
        "bank_name": "BRI",
        "bank_account_number": "037401011256507",
        "bank_account_holder": "Handoko Wicaksono",
        "shipping_fee": 25000,
        "free_shipping_threshold": 750000,
        "owner_name": "Handoko Wicaksono",
        "owner_email": "handoko@panjilaras.example",
    },
    {
        "slug": "olahan-buah-rejokidal",
        "sentra": "kendedes-singosari",
        "name": "Kelompok Olahan Buah Rejokidal (UPK Tumpang)",
        "kind": "upk",
        "village": "Rejokidal",
        "story": (
            "Kelompok perempuan di Desa Rejokidal, Kecamatan Tumpang, desa tempat Candi Kidal "
            "berdiri, mengolah hasil kebun di sekitarnya: apel dari Poncokusumo, nangka dan "
            "pisang. Mereka bermitra dengan UPK Tumpang, dan produknya rutin masuk katalog produk "
            "unggulan kecamatan.\n\n"
            "Keripik buah digoreng dengan mesin penggoreng vakum bersuhu rendah, sehingga rasa dan "
            "warna buah tetap terjaga tanpa tambahan gula."
        ),
        "whatsapp": "+6281200050103",
        "shipping_origin": "Kab. Malang, Jawa Timur",
        "bank_name": "Bank Jatim",
        "bank_account_number": "0092218734",
        "bank_account_holder": "UPK Tumpang",
        "shipping_fee": 18000,
        "free_shipping_threshold": 200000,
        "owner_name": "Sumiati",
        "owner_email": "sumiati@olahanbuahkidal.example",
    },
    {
        "slug": "kopi-lereng-semeru-dampit",
        "sentra": "kendedes-singosari",
        "name": "Kelompok Tani Kopi Lereng Semeru",
        "kind": "kelompok",
        "village": "Srimulyo",
        "story": (
            "Kelompok tani ini berada di Desa Srimulyo, Kecamatan Dampit, di tengah kebun kopi "
            "robusta di selatan Kabupaten Malang. Anggotanya memetik buah merah secara selektif, "
            "menjemurnya di para-para dan menyangrai sendiri dalam jumlah kecil.\n\n"
            "Lewat UPK setempat mereka mendapat pelatihan pengemasan dan ikut memajang kopi di "
            "galeri Pujisari. Kopi dikirim paling lambat seminggu setelah disangrai."
        ),
        "whatsapp": "+6281200050104",
        "shipping_origin": "Kab. Malang, Jawa Timur",
        "bank_name": "BRI",
        "bank_account_number": "052101018843501",
        "bank_account_holder": "Sutrisno Hadi",
        "shipping_fee": 18000,
        "free_shipping_threshold": 250000,
        "owner_name": "Sutrisno Hadi",
        "owner_email": "sutrisno@kopilerengsemeru.example",
    },
    {
        "slug": "batik-malangan-candirenggo",
        "sentra": "kendedes-singosari",
        "name": "Batik Malangan Candirenggo",
        "kind": "workshop",
        "village": "Candirenggo",
        "story": (
            "Workshop ini berada di Kelurahan Candirenggo, Kecamatan Singosari, hanya beberapa "
            "langkah dari Candi Singosari. Motif-motifnya bercerita tentang sejarah Singosari: Ken "
            "Dedes, bentuk candi dan arca penjaganya, topeng Malangan, serta sulur teratai.\n\n"
            "Pembatiknya kebanyakan ibu rumah tangga sekitar. Kain tulis dikerjakan di rumah "
            "masing-masing, sedangkan pewarnaan dan pelorodan dilakukan bersama di workshop."
        ),
        "whatsapp": "+6281200050105",
        "shipping_origin": "Kab. Malang, Jawa Timur",
        "bank_name": "BNI",
        "bank_account_number": "0934456712",
        "bank_account_holder": "Dwi Retno Palupi",
        "shipping_fee": 20000,
        "free_shipping_threshold": 750000,
        "owner_name": "Dwi Retno Palupi",
        "owner_email": "retno@batikcandirenggo.example",
    },
    {
        "slug": "gerabah-jenggolo",
        "sentra": "kendedes-singosari",
        "name": "Kelompok Gerabah Jenggolo (UPK Kepanjen)",
        "kind": "upk",
        "village": "Jenggolo",
        "story": (
            "Perajin gerabah di Desa Jenggolo, Kecamatan Kepanjen, bermitra dengan UPK Kepanjen. "
            "Tanah liat dari sawah sekitar diinjak-injak hingga ulet, dibentuk di perbot (meja "
            "putar kayu), lalu dibakar dengan jerami dan kayu bakar.\n\n"
            "Selain perabot dapur tradisional seperti kendil dan anglo, kelompok ini mulai membuat "
            "pot hias berukir untuk pasar tanaman hias, setelah ikut pelatihan desain yang "
            "difasilitasi UPK."
        ),
        "whatsapp": "+6281200050106",
        "shipping_origin": "Kab. Malang, Jawa Timur",
        "bank_name": "Bank Jatim",
        "bank_account_number": "0104478823",
        "bank_account_holder": "UPK Kepanjen",
        "shipping_fee": 35000,
        "free_shipping_threshold": None,
        "owner_name": "Sumarno",
        "owner_email": "sumarno@gerabahjenggolo.example",
    },
]


PRODUCTS: list[dict] = [
    # Griya Keramik Laras
    {
        "sku": "DNY-KRM-001",
        "slug": "vas-bunga-glasir-biru-kobalt-30-cm",
        "group": "griya-keramik-laras",
        "category": "keramik",
        "name": "Vas Bunga Glasir Biru Kobalt 30 cm",
        "description": (
            "Vas tinggi 30 cm dengan diameter mulut 9 cm, dibentuk dengan cetak tuang lalu dibakar "
            "dua kali hingga sekitar 1.100°C. Glasir biru kobalt dituang bertingkat sehingga "
            "warnanya makin pekat ke arah leher. Bagian dalam diglasir penuh dan kedap air, cocok "
            "untuk bunga segar; cukup diseka kain lembap, hindari sabut kawat."
        ),
        "materials": "Tanah liat putih, glasir kobalt bebas timbal",
        "price": 185000,
        "stock": 12,
        "weight_grams": 2400,
        "featured": True,
        "motif": "vase",
        "color": "#1f4e8c",
    },
    {
        "sku": "DNY-KRM-002",
        "slug": "vas-lukis-tangan-motif-bunga-sepatu-22-cm",
        "group": "griya-keramik-laras",
        "category": "keramik",
        "name": "Vas Lukis Tangan Motif Bunga Sepatu 22 cm",
        "description": (
            "Vas ramping setinggi 22 cm berwarna dasar putih gading dengan lukisan bunga sepatu "
            "merah yang dikuas satu per satu di bawah glasir bening. Karena dilukis tangan, letak "
            "dan jumlah kelopak di setiap vas sedikit berbeda. Cocok untuk meja tamu atau rak "
            "buku; jangan dicuci di mesin pencuci piring."
        ),
        "materials": "Tanah liat putih, pewarna bawah glasir, glasir bening",
        "price": 135000,
        "stock": 9,
        "weight_grams": 1600,
        "featured": False,
        "motif": "vase",
        "color": "#f1ead8",
    },
    {
        "sku": "DNY-KRM-003",
        "slug": "set-piring-makan-glasir-krem-isi-4",
        "group": "griya-keramik-laras",
        "category": "keramik",
        "name": "Set Piring Makan Glasir Krem isi 4",
        "description": (
            "Empat piring makan berdiameter 25 cm dengan tepi sedikit melengkung agar kuah tidak "
            "mudah tumpah. Glasir krem doff aman untuk makanan dan tahan dipakai di microwave. "
            "Saat dikirim, piring disusun bersekat karton dan dibungkus plastik gelembung."
        ),
        "materials": "Tanah liat putih, glasir bebas timbal",
        "price": 240000,
        "stock": 15,
        "weight_grams": 3600,
        "featured": False,
        "motif": "plate",
        "color": "#e8dcc2",
    },
    {
        "sku": "DNY-KRM-004",
        "slug": "mangkuk-sup-keramik-biru-putih-15-cm",
        "group": "griya-keramik-laras",
        "category": "keramik",
        "name": "Mangkuk Sup Keramik Biru Putih 15 cm",
        "description": (
            "Mangkuk berdiameter 15 cm dan tinggi 7 cm dengan isi sekitar 500 ml, pas untuk sup, "
            "soto atau bakso. Bagian luar biru kobalt, bagian dalam putih polos sehingga isi "
            "tampak jelas. Aman untuk air panas dan sabun cuci piring biasa."
        ),
        "materials": "Tanah liat putih, glasir kobalt bebas timbal",
        "price": 55000,
        "stock": 30,
        "weight_grams": 650,
        "featured": False,
        "motif": "bowl",
        "color": "#2d5c9e",
    },
    {
        "sku": "DNY-KRM-005",
        "slug": "guci-hias-keramik-lukis-45-cm",
        "group": "griya-keramik-laras",
        "category": "keramik",
        "name": "Guci Hias Keramik Lukis 45 cm",
        "description": (
            "Guci dekorasi setinggi 45 cm berbadan bulat dan bertutup, dilukis tangan dengan motif "
            "sulur dan burung merak. Dibakar dua kali dan dilapisi glasir bening mengilap. Dikirim "
            "dalam kardus berlapis ganda berisi serutan kayu; periksa isi paket saat diterima."
        ),
        "materials": "Tanah liat putih, pewarna bawah glasir, glasir bening",
        "price": 425000,
        "stock": 2,
        "weight_grams": 6800,
        "featured": False,
        "motif": "vase",
        "color": "#3b6e8f",
    },
    {
        "sku": "DNY-KRM-006",
        "slug": "tungku-aromaterapi-keramik-berlubang",
        "group": "griya-keramik-laras",
        "category": "keramik",
        "name": "Tungku Aromaterapi Keramik Berlubang",
        "description": (
            "Tungku aromaterapi setinggi 12 cm dengan dinding berlubang motif daun: lilin kecil di "
            "bawah, mangkuk minyak di atas. Cahaya lilin menembus lubang-lubang dan membentuk "
            "bayangan daun di dinding. Gunakan lilin teh dan jangan tinggalkan saat menyala."
        ),
        "materials": "Tanah liat putih, glasir satin",
        "price": 65000,
        "stock": 20,
        "weight_grams": 700,
        "featured": False,
        "motif": "pot",
        "color": "#d9cbb0",
    },
    # Keramik Putar Pak Darmaji
    {
        "sku": "DNY-KRM-007",
        "slug": "cangkir-kopi-putar-tangan-200-ml",
        "group": "keramik-putar-darmaji",
        "category": "keramik",
        "name": "Cangkir Kopi Putar Tangan 200 ml",
        "description": (
            "Cangkir 200 ml dengan pegangan yang dipasang manual, dibentuk di meja putar sehingga "
            "setiap cangkir punya alur jari yang khas. Glasir cokelat karamel meleleh ke arah "
            "bawah dan menyisakan kaki tanah liat tanpa glasir. Cocok untuk kopi tubruk atau teh, "
            "aman untuk air mendidih."
        ),
        "materials": "Tanah liat stoneware, glasir bebas timbal",
        "price": 45000,
        "stock": 40,
        "weight_grams": 450,
        "featured": True,
        "motif": "cup",
        "color": "#8a5a2b",
    },
    {
        "sku": "DNY-KRM-008",
        "slug": "set-teko-dan-empat-cangkir-teh",
        "group": "keramik-putar-darmaji",
        "category": "keramik",
        "name": "Set Teko dan Empat Cangkir Teh",
        "description": (
            "Satu teko 800 ml dengan saringan tanah liat di pangkal cerat, ditambah empat cangkir "
            "tanpa pegangan berisi 120 ml. Semuanya diputar tangan dan diglasir hijau seladon "
            "tipis. Cuci dengan air hangat dan keringkan teko dengan tutup terbuka agar tidak "
            "apak."
        ),
        "materials": "Tanah liat stoneware, glasir seladon bebas timbal",
        "price": 285000,
        "stock": 6,
        "weight_grams": 2300,
        "featured": False,
        "motif": "cup",
        "color": "#9bb59a",
    },
    {
        "sku": "DNY-KRM-009",
        "slug": "gelas-tumbler-keramik-tanpa-gagang-300-ml",
        "group": "keramik-putar-darmaji",
        "category": "keramik",
        "name": "Gelas Tumbler Keramik Tanpa Gagang 300 ml",
        "description": (
            "Gelas silinder setinggi 10 cm berisi 300 ml, nyaman digenggam untuk es teh maupun "
            "kopi susu. Bagian bawah dibiarkan tanpa glasir untuk menonjolkan warna tanah liat, "
            "bagian atas diglasir putih susu. Tahan disimpan di kulkas dan dipanaskan di "
            "microwave."
        ),
        "materials": "Tanah liat stoneware, glasir bebas timbal",
        "price": 40000,
        "stock": 35,
        "weight_grams": 420,
        "featured": False,
        "motif": "cup",
        "color": "#efe9df",
    },
    {
        "sku": "DNY-KRM-010",
        "slug": "mangkuk-nasi-motif-garis-putar-12-cm",
        "group": "keramik-putar-darmaji",
        "category": "keramik",
        "name": "Mangkuk Nasi Motif Garis Putar 12 cm",
        "description": (
            "Mangkuk nasi berdiameter 12 cm dengan garis-garis melingkar yang ditoreh saat tanah "
            "liat masih berputar. Glasir biru keabuan menggenang di alur garis sehingga polanya "
            "tampak tegas. Ukurannya pas untuk satu porsi nasi atau bubur."
        ),
        "materials": "Tanah liat stoneware, glasir bebas timbal",
        "price": 35000,
        "stock": 45,
        "weight_grams": 380,
        "featured": False,
        "motif": "bowl",
        "color": "#6f8fa6",
    },
    {
        "sku": "DNY-KRM-011",
        "slug": "piring-saji-oval-putar-tangan-30-cm",
        "group": "keramik-putar-darmaji",
        "category": "keramik",
        "name": "Piring Saji Oval Putar Tangan 30 cm",
        "description": (
            "Piring saji sepanjang 30 cm yang dibentuk bulat di meja putar lalu ditekan perlahan "
            "menjadi oval, sehingga tepinya bergelombang alami. Cocok untuk ikan bakar, tumpeng "
            "mini atau kue. Glasir cokelat tua tahan gores sendok dan garpu."
        ),
        "materials": "Tanah liat stoneware, glasir bebas timbal",
        "price": 95000,
        "stock": 10,
        "weight_grams": 1500,
        "featured": False,
        "motif": "plate",
        "color": "#5b3a22",
    },
    {
        "sku": "DNY-KRM-012",
        "slug": "miniatur-vas-suvenir-pernikahan-isi-3",
        "group": "keramik-putar-darmaji",
        "category": "keramik",
        "name": "Miniatur Vas Suvenir Pernikahan isi 3",
        "description": (
            "Tiga vas mini setinggi 8 cm dalam kotak kecil berpita, populer sebagai suvenir "
            "pernikahan atau kenang-kenangan dari Malang. Warna glasir acak antara biru, hijau dan "
            "cokelat. Untuk pesanan di atas 50 paket, hubungi perajin lewat WhatsApp."
        ),
        "materials": "Tanah liat stoneware, glasir bebas timbal, kotak karton",
        "price": 60000,
        "stock": 0,
        "weight_grams": 450,
        "featured": False,
        "motif": "vase",
        "color": "#4f7a6a",
    },
    # Kelompok Perajin Muda Tanah Dinoyo
    {
        "sku": "DNY-KRM-013",
        "slug": "mug-keramik-glasir-hijau-lumut-350-ml",
        "group": "tanah-dinoyo-muda",
        "category": "keramik",
        "name": "Mug Keramik Glasir Hijau Lumut 350 ml",
        "description": (
            "Mug 350 ml berbentuk silinder dengan pegangan lebar yang muat dua jari. Glasir hijau "
            "lumut berbintik dari butiran besi alami dalam tanah liat, jadi setiap mug punya pola "
            "sendiri. Aman untuk microwave dan mesin pencuci piring."
        ),
        "materials": "Tanah liat stoneware, glasir bebas timbal",
        "price": 58000,
        "stock": 32,
        "weight_grams": 520,
        "featured": True,
        "motif": "cup",
        "color": "#6b7b3a",
    },
    {
        "sku": "DNY-KRM-014",
        "slug": "set-cangkir-espresso-dan-lepek-isi-2",
        "group": "tanah-dinoyo-muda",
        "category": "keramik",
        "name": "Set Cangkir Espresso dan Lepek isi 2",
        "description": (
            "Dua cangkir espresso 80 ml lengkap dengan lepek berdiameter 11 cm. Dinding cangkir "
            "dibuat tebal agar kopi tetap hangat lebih lama. Berwarna hitam doff, sama dengan yang "
            "dipakai beberapa kedai kopi di Malang."
        ),
        "materials": "Tanah liat stoneware, glasir doff bebas timbal",
        "price": 75000,
        "stock": 18,
        "weight_grams": 600,
        "featured": False,
        "motif": "cup",
        "color": "#2b2b2b",
    },
    {
        "sku": "DNY-KRM-015",
        "slug": "piring-kue-speckle-18-cm",
        "group": "tanah-dinoyo-muda",
        "category": "keramik",
        "name": "Piring Kue Speckle 18 cm",
        "description": (
            "Piring kecil berdiameter 18 cm untuk kue, roti atau camilan, diglasir putih berbintik "
            "cokelat (speckle). Tepinya dibiarkan tanpa glasir sebagai aksen. Mudah ditumpuk rapi "
            "di rak piring."
        ),
        "materials": "Tanah liat stoneware, glasir bebas timbal",
        "price": 42000,
        "stock": 40,
        "weight_grams": 500,
        "featured": False,
        "motif": "plate",
        "color": "#ece4d6",
    },
    {
        "sku": "DNY-KRM-016",
        "slug": "mangkuk-ramen-keramik-18-cm",
        "group": "tanah-dinoyo-muda",
        "category": "keramik",
        "name": "Mangkuk Ramen Keramik 18 cm",
        "description": (
            "Mangkuk besar berdiameter 18 cm dan tinggi 9 cm yang muat sekitar 1 liter kuah. "
            "Bagian luar hitam doff, bagian dalam glasir putih mengilap yang mudah dibersihkan. "
            "Cocok untuk mi, ramen atau salad."
        ),
        "materials": "Tanah liat stoneware, glasir bebas timbal",
        "price": 68000,
        "stock": 22,
        "weight_grams": 900,
        "featured": False,
        "motif": "bowl",
        "color": "#1f1f1f",
    },
    {
        "sku": "DNY-KRM-017",
        "slug": "dripper-kopi-keramik-tipe-kerucut",
        "group": "tanah-dinoyo-muda",
        "category": "keramik",
        "name": "Dripper Kopi Keramik Tipe Kerucut",
        "description": (
            "Dripper kerucut untuk kertas saring ukuran 02, dengan rusuk spiral di dinding dalam "
            "agar aliran air merata. Bisa menyeduh satu sampai empat cangkir sekaligus. Keramik "
            "menahan panas lebih stabil daripada plastik; bilas dulu dengan air panas sebelum "
            "menyeduh."
        ),
        "materials": "Tanah liat stoneware, glasir bebas timbal",
        "price": 120000,
        "stock": 3,
        "weight_grams": 650,
        "featured": False,
        "motif": "cup",
        "color": "#c9b79c",
    },
    {
        "sku": "DNY-KRM-018",
        "slug": "vas-meja-mini-bulat-12-cm",
        "group": "tanah-dinoyo-muda",
        "category": "keramik",
        "name": "Vas Meja Mini Bulat 12 cm",
        "description": (
            "Vas bulat setinggi 12 cm dengan mulut kecil 3 cm, pas untuk satu atau dua tangkai "
            "bunga atau daun. Glasir terakota dengan tepi putih. Hiasan sederhana untuk meja kerja "
            "atau rak."
        ),
        "materials": "Tanah liat stoneware, glasir bebas timbal",
        "price": 75000,
        "stock": 16,
        "weight_grams": 550,
        "featured": False,
        "motif": "vase",
        "color": "#b5623c",
    },
    # Sanggar Gerabah Merjosari
    {
        "sku": "DNY-GRB-001",
        "slug": "pot-tanaman-terakota-20-cm",
        "group": "gerabah-merjosari",
        "category": "gerabah",
        "name": "Pot Tanaman Terakota 20 cm",
        "description": (
            "Pot terakota berdiameter 20 cm dan tinggi 18 cm dengan lubang air di dasar, dibakar "
            "pada suhu rendah sehingga pori-porinya membantu akar bernapas. Cocok untuk aglonema, "
            "monstera kecil atau tanaman bumbu. Lapisan putih yang kadang muncul adalah garam dari "
            "air siraman dan bisa disikat."
        ),
        "materials": "Tanah liat merah",
        "price": 45000,
        "stock": 60,
        "weight_grams": 1700,
        "featured": True,
        "motif": "pot",
        "color": "#b8582f",
    },
    {
        "sku": "DNY-GRB-002",
        "slug": "pot-gantung-keramik-dengan-tali-rami",
        "group": "gerabah-merjosari",
        "category": "gerabah",
        "name": "Pot Gantung Keramik dengan Tali Rami",
        "description": (
            "Pot mungil berdiameter 12 cm berglasir putih, lengkap dengan gantungan makrame tali "
            "rami sepanjang 70 cm. Cocok untuk sirih gading atau sukulen gantung di teras. Ada "
            "lubang air kecil, jadi siram secukupnya."
        ),
        "materials": "Tanah liat, glasir bebas timbal, tali rami",
        "price": 65000,
        "stock": 25,
        "weight_grams": 700,
        "featured": False,
        "motif": "pot",
        "color": "#f2efe8",
    },
    {
        "sku": "DNY-GRB-003",
        "slug": "set-pot-sukulen-mini-isi-3",
        "group": "gerabah-merjosari",
        "category": "gerabah",
        "name": "Set Pot Sukulen Mini isi 3",
        "description": (
            "Tiga pot mini berdiameter 7 cm dengan glasir putih, abu-abu dan hijau muda. "
            "Masing-masing berlubang air dan dilengkapi tatakan kecil. Pas untuk sukulen, kaktus "
            "atau hadiah meja kantor."
        ),
        "materials": "Tanah liat, glasir bebas timbal",
        "price": 55000,
        "stock": 40,
        "weight_grams": 650,
        "featured": False,
        "motif": "pot",
        "color": "#a9c3a0",
    },
    {
        "sku": "DNY-GRB-004",
        "slug": "kendi-gerabah-air-minum-1-5-liter",
        "group": "gerabah-merjosari",
        "category": "gerabah",
        "name": "Kendi Gerabah Air Minum 1,5 Liter",
        "description": (
            "Kendi tradisional berisi 1,5 liter dengan cerat di samping. Dinding tanah liat yang "
            "berpori membuat air di dalamnya terasa sejuk alami. Sebelum dipakai pertama kali, "
            "rendam semalam lalu bilas beberapa kali."
        ),
        "materials": "Tanah liat merah",
        "price": 70000,
        "stock": 14,
        "weight_grams": 1900,
        "featured": False,
        "motif": "vase",
        "color": "#a0522d",
    },
    {
        "sku": "DNY-GRB-005",
        "slug": "cobek-tanah-liat-20-cm-dengan-ulekan",
        "group": "gerabah-merjosari",
        "category": "gerabah",
        "name": "Cobek Tanah Liat 20 cm dengan Ulekan",
        "description": (
            "Cobek gerabah berdiameter 20 cm lengkap dengan ulekan kayu, untuk sambal, bumbu halus "
            "atau rujak. Permukaan dalamnya kasar sehingga cabai dan bawang cepat lumat. Cukup "
            "disikat dan dijemur; jangan direndam sabun terlalu lama."
        ),
        "materials": "Tanah liat merah, kayu sawo",
        "price": 35000,
        "stock": 30,
        "weight_grams": 1400,
        "featured": False,
        "motif": "bowl",
        "color": "#8b4a2b",
    },
    {
        "sku": "DNY-GRB-006",
        "slug": "pot-tanaman-glasir-cokelat-35-cm",
        "group": "gerabah-merjosari",
        "category": "gerabah",
        "name": "Pot Tanaman Glasir Cokelat 35 cm",
        "description": (
            "Pot besar berdiameter 35 cm dan tinggi 32 cm untuk tanaman hias di teras atau ruang "
            "tamu. Bagian luar berglasir cokelat tua mengilap, bagian dalam dibiarkan terakota. "
            "Dikemas dalam kardus berlapis ganda dengan pelindung sudut."
        ),
        "materials": "Tanah liat, glasir bebas timbal",
        "price": 195000,
        "stock": 4,
        "weight_grams": 8200,
        "featured": False,
        "motif": "pot",
        "color": "#5a3620",
    },
    # Keripik Tempe Sari Kedelai
    {
        "sku": "SNN-KRP-001",
        "slug": "keripik-tempe-sanan-original-250-g",
        "group": "keripik-tempe-sari-kedelai",
        "category": "keripik-camilan",
        "name": "Keripik Tempe Sanan Original 250 g",
        "description": (
            "Tempe setebal kurang dari 2 mm dicelup adonan tepung beras berbumbu bawang putih, "
            "ketumbar dan daun jeruk, lalu digoreng dua kali sampai renyah. Dikemas dalam kantong "
            "aluminium foil berklip 250 g. Tahan sekitar tiga bulan; setelah dibuka, tutup rapat "
            "agar tidak melempem."
        ),
        "materials": "Kedelai, tepung beras, bawang putih, ketumbar, minyak sawit",
        "price": 22000,
        "stock": 150,
        "weight_grams": 300,
        "featured": True,
        "motif": "chips_bag",
        "color": "#d9a441",
    },
    {
        "sku": "SNN-KRP-002",
        "slug": "keripik-tempe-daun-jeruk-250-g",
        "group": "keripik-tempe-sari-kedelai",
        "category": "keripik-camilan",
        "name": "Keripik Tempe Daun Jeruk 250 g",
        "description": (
            "Keripik tempe tipis dengan irisan daun jeruk purut di dalam adonannya, sehingga "
            "aromanya segar. Cocok sebagai lauk pendamping nasi maupun camilan. Kantong berklip "
            "250 g, tahan tiga bulan pada suhu ruang."
        ),
        "materials": "Kedelai, tepung beras, daun jeruk purut, bawang putih, minyak sawit",
        "price": 24000,
        "stock": 120,
        "weight_grams": 300,
        "featured": False,
        "motif": "chips_bag",
        "color": "#c9a243",
    },
    {
        "sku": "SNN-KRP-003",
        "slug": "keripik-tempe-pedas-balado-250-g",
        "group": "keripik-tempe-sari-kedelai",
        "category": "keripik-camilan",
        "name": "Keripik Tempe Pedas Balado 250 g",
        "description": (
            "Keripik tempe original yang dilumuri bumbu balado dari cabai merah kering, bawang "
            "merah dan sedikit gula. Tingkat pedasnya sedang, cocok untuk teman menonton. Simpan "
            "di tempat kering dan sejuk."
        ),
        "materials": "Kedelai, tepung beras, cabai merah, bawang merah, gula, minyak sawit",
        "price": 25000,
        "stock": 90,
        "weight_grams": 300,
        "featured": False,
        "motif": "chips_bag",
        "color": "#c0392b",
    },
    {
        "sku": "SNN-KRP-004",
        "slug": "keripik-tempe-curah-hemat-500-g",
        "group": "keripik-tempe-sari-kedelai",
        "category": "keripik-camilan",
        "name": "Keripik Tempe Curah Hemat 500 g",
        "description": (
            "Keripik tempe original dalam kemasan besar 500 g, dibungkus kantong plastik tebal "
            "berklip. Pilihan hemat untuk arisan, hajatan atau stok warung. Beberapa keping bisa "
            "patah di perjalanan tanpa mengurangi rasa."
        ),
        "materials": "Kedelai, tepung beras, bawang putih, ketumbar, minyak sawit",
        "price": 35000,
        "stock": 60,
        "weight_grams": 600,
        "featured": False,
        "motif": "chips_bag",
        "color": "#deb054",
    },
    {
        "sku": "SNN-KRP-005",
        "slug": "keripik-tempe-mini-rasa-bawang-100-g",
        "group": "keripik-tempe-sari-kedelai",
        "category": "keripik-camilan",
        "name": "Keripik Tempe Mini Rasa Bawang 100 g",
        "description": (
            "Keping keripik tempe berukuran kecil, sekitar 3 x 3 cm, dengan rasa bawang putih yang "
            "gurih. Kemasan 100 g pas untuk bekal sekolah atau oleh-oleh kecil. Tanpa penguat rasa "
            "tambahan."
        ),
        "materials": "Kedelai, tepung beras, bawang putih, garam, minyak sawit",
        "price": 12000,
        "stock": 200,
        "weight_grams": 130,
        "featured": False,
        "motif": "chips_bag",
        "color": "#e0b866",
    },
    # KUB Tempe Sanan Lestari
    {
        "sku": "SNN-TMP-001",
        "slug": "tempe-bungkus-daun-pisang-isi-5",
        "group": "kub-tempe-sanan-lestari",
        "category": "tempe-kedelai",
        "name": "Tempe Bungkus Daun Pisang isi 5",
        "description": (
            "Lima bungkus tempe segar masing-masing sekitar 150 g yang diperam dalam daun pisang, "
            "dengan aroma khas yang tidak didapat dari kemasan plastik. Diragi sore hari agar tiba "
            "dalam keadaan matang sempurna. Hanya dikirim dengan kurir instan di Malang Raya; "
            "simpan di kulkas dan olah dalam dua hari."
        ),
        "materials": "Kedelai, ragi tempe, daun pisang",
        "price": 15000,
        "stock": 80,
        "weight_grams": 900,
        "featured": True,
        "motif": "tempe",
        "color": "#e8dcb5",
    },
    {
        "sku": "SNN-TMP-002",
        "slug": "tempe-balok-500-g",
        "group": "kub-tempe-sanan-lestari",
        "category": "tempe-kedelai",
        "name": "Tempe Balok 500 g",
        "description": (
            "Tempe padat berbentuk balok 20 x 10 x 3 cm, cocok untuk digoreng, dibacem atau "
            "ditumis. Butir kedelai terikat rapat oleh jamur putih tanpa bagian yang basah. Khusus "
            "pengiriman Malang Raya; tahan dua hari di kulkas."
        ),
        "materials": "Kedelai, ragi tempe, plastik kemasan pangan",
        "price": 10000,
        "stock": 100,
        "weight_grams": 560,
        "featured": False,
        "motif": "tempe",
        "color": "#efe6c9",
    },
    {
        "sku": "SNN-TMP-003",
        "slug": "tempe-beku-kemasan-vakum-4-x-250-g",
        "group": "kub-tempe-sanan-lestari",
        "category": "tempe-kedelai",
        "name": "Tempe Beku Kemasan Vakum 4 x 250 g",
        "description": (
            "Empat potong tempe 250 g yang dikemas vakum dan dibekukan pada hari yang sama dengan "
            "selesainya fermentasi. Tahan hingga tiga bulan di freezer dan dikirim ke luar kota "
            "dalam kotak styrofoam dengan gel pendingin. Cairkan di kulkas semalam sebelum "
            "dimasak."
        ),
        "materials": "Kedelai, ragi tempe, plastik vakum",
        "price": 32000,
        "stock": 45,
        "weight_grams": 1400,
        "featured": False,
        "motif": "tempe",
        "color": "#e9dfc0",
    },
    {
        "sku": "SNN-TMP-004",
        "slug": "tempe-mendoan-iris-siap-goreng-10-lembar",
        "group": "kub-tempe-sanan-lestari",
        "category": "tempe-kedelai",
        "name": "Tempe Mendoan Iris Siap Goreng 10 Lembar",
        "description": (
            "Sepuluh lembar tempe tipis berukuran sekitar 10 x 8 cm, diiris dari tempe khusus "
            "mendoan. Tinggal dicelup adonan tepung berbumbu dan digoreng sebentar. Dikemas vakum, "
            "tahan empat hari di kulkas."
        ),
        "materials": "Kedelai, ragi tempe",
        "price": 18000,
        "stock": 50,
        "weight_grams": 450,
        "featured": False,
        "motif": "tempe",
        "color": "#eadfb8",
    },
    {
        "sku": "SNN-TMP-005",
        "slug": "ragi-tempe-100-g-untuk-membuat-tempe-sendiri",
        "group": "kub-tempe-sanan-lestari",
        "category": "tempe-kedelai",
        "name": "Ragi Tempe 100 g untuk Membuat Tempe Sendiri",
        "description": (
            "Ragi tempe bubuk yang dipakai sehari-hari oleh perajin Sanan, cukup untuk sekitar 50 "
            "kg kedelai. Disertai lembar panduan membuat tempe di rumah: merendam, mengupas, "
            "merebus, meragi dan memeram. Simpan di tempat kering; paling baik dipakai dalam enam "
            "bulan."
        ),
        "materials": "Spora kapang Rhizopus, tepung beras",
        "price": 15000,
        "stock": 70,
        "weight_grams": 150,
        "featured": False,
        "motif": "chips_bag",
        "color": "#f4f1e6",
    },
    # Dapur Camilan Purwantoro
    {
        "sku": "SNN-CML-001",
        "slug": "tempe-crispy-toples-400-g",
        "group": "dapur-camilan-purwantoro",
        "category": "keripik-camilan",
        "name": "Tempe Crispy Toples 400 g",
        "description": (
            "Potongan tempe seukuran korek api yang digoreng garing dengan balutan tepung tipis "
            "dan bumbu bawang, dikemas dalam toples plastik bening 400 g. Renyah dimakan langsung "
            "atau ditabur di atas nasi. Setelah dibuka, habiskan dalam dua minggu."
        ),
        "materials": "Kedelai, tepung tapioka, bawang putih, garam, minyak sawit",
        "price": 35000,
        "stock": 70,
        "weight_grams": 550,
        "featured": True,
        "motif": "snack_jar",
        "color": "#c98d3a",
    },
    {
        "sku": "SNN-CML-002",
        "slug": "sambal-tempe-teri-botol-200-g",
        "group": "dapur-camilan-purwantoro",
        "category": "keripik-camilan",
        "name": "Sambal Tempe Teri Botol 200 g",
        "description": (
            "Sambal goreng dari tempe cincang, ikan teri, cabai dan bawang yang dimasak dalam "
            "minyak hingga kering sehingga awet tanpa pengawet. Botol kaca 200 g bertutup rapat. "
            "Simpan di kulkas setelah dibuka dan ambil dengan sendok kering."
        ),
        "materials": "Tempe, ikan teri, cabai, bawang merah, minyak kelapa",
        "price": 30000,
        "stock": 55,
        "weight_grams": 380,
        "featured": False,
        "motif": "snack_jar",
        "color": "#9e2b1e",
    },
    {
        "sku": "SNN-CML-003",
        "slug": "kering-tempe-kacang-manis-pedas-250-g",
        "group": "dapur-camilan-purwantoro",
        "category": "keripik-camilan",
        "name": "Kering Tempe Kacang Manis Pedas 250 g",
        "description": (
            "Kering tempe klasik: tempe batang tipis dan kacang tanah goreng yang dimasak dengan "
            "gula merah, asam dan cabai hingga berkaramel. Rasanya manis, gurih dan sedikit pedas, "
            "cocok sebagai lauk kering untuk perjalanan. Kemasan toples 250 g."
        ),
        "materials": "Tempe, kacang tanah, gula kelapa, asam jawa, cabai",
        "price": 28000,
        "stock": 60,
        "weight_grams": 400,
        "featured": False,
        "motif": "snack_jar",
        "color": "#7b3f1d",
    },
    {
        "sku": "SNN-CML-004",
        "slug": "keripik-tempe-salut-cokelat-150-g",
        "group": "dapur-camilan-purwantoro",
        "category": "keripik-camilan",
        "name": "Keripik Tempe Salut Cokelat 150 g",
        "description": (
            "Keripik tempe tanpa bumbu bawang yang dilapisi cokelat susu, perpaduan gurih dan "
            "manis yang digemari anak-anak. Dibuat terbatas karena cokelat mudah meleleh dan "
            "dikirim berlapis foil. Simpan di tempat sejuk di bawah 25°C."
        ),
        "materials": "Kedelai, tepung beras, cokelat susu, minyak sawit",
        "price": 25000,
        "stock": 0,
        "weight_grams": 220,
        "featured": False,
        "motif": "chips_bag",
        "color": "#5c3a21",
    },
    {
        "sku": "SNN-CML-005",
        "slug": "stik-tempe-keju-200-g",
        "group": "dapur-camilan-purwantoro",
        "category": "keripik-camilan",
        "name": "Stik Tempe Keju 200 g",
        "description": (
            "Stik renyah dari adonan tempe halus, tepung terigu dan keju cheddar parut, dipotong "
            "sepanjang 8 cm lalu digoreng. Teman minum teh sore atau camilan anak. Kemasan kantong "
            "berklip 200 g."
        ),
        "materials": "Tempe, tepung terigu, keju cheddar, telur, minyak sawit",
        "price": 20000,
        "stock": 80,
        "weight_grams": 250,
        "featured": False,
        "motif": "chips_bag",
        "color": "#e7b94a",
    },
    {
        "sku": "SNN-CML-006",
        "slug": "peyek-kedelai-200-g",
        "group": "dapur-camilan-purwantoro",
        "category": "keripik-camilan",
        "name": "Peyek Kedelai 200 g",
        "description": (
            "Rempeyek tipis bertabur kedelai utuh dengan bumbu kemiri, ketumbar dan daun jeruk. "
            "Digoreng lembar demi lembar di wajan kecil sehingga bentuknya tidak seragam. Dikemas "
            "dalam kotak plastik agar tidak banyak yang patah."
        ),
        "materials": "Kedelai, tepung beras, kemiri, daun jeruk, minyak sawit",
        "price": 18000,
        "stock": 65,
        "weight_grams": 320,
        "featured": False,
        "motif": "chips_bag",
        "color": "#d8b26e",
    },
    # Rumah Produksi Kedelai Emas
    {
        "sku": "SNN-KRP-006",
        "slug": "keripik-tempe-rumput-laut-150-g",
        "group": "kedelai-emas-sanan",
        "category": "keripik-camilan",
        "name": "Keripik Tempe Rumput Laut 150 g",
        "description": (
            "Keripik tempe tipis yang ditaburi bubuk rumput laut nori dan sedikit garam laut. "
            "Kemasan kantong tegak berziplock 150 g yang bisa ditutup ulang. Informasi nilai gizi "
            "tercantum di kemasan."
        ),
        "materials": "Kedelai, tepung beras, rumput laut nori, garam laut, minyak sawit",
        "price": 18000,
        "stock": 110,
        "weight_grams": 190,
        "featured": False,
        "motif": "chips_bag",
        "color": "#3d5a2a",
    },
    {
        "sku": "SNN-KRP-007",
        "slug": "keripik-tempe-keju-150-g",
        "group": "kedelai-emas-sanan",
        "category": "keripik-camilan",
        "name": "Keripik Tempe Keju 150 g",
        "description": (
            "Keripik tempe original dengan taburan bubuk keju yang gurih-asin. Disukai anak-anak "
            "dan cocok untuk oleh-oleh. Kantong tegak 150 g, tahan tiga bulan sebelum dibuka."
        ),
        "materials": "Kedelai, tepung beras, bubuk keju, minyak sawit",
        "price": 18000,
        "stock": 100,
        "weight_grams": 190,
        "featured": False,
        "motif": "chips_bag",
        "color": "#f0c94d",
    },
    {
        "sku": "SNN-KRP-008",
        "slug": "paket-oleh-oleh-keripik-tempe-sanan-4-rasa",
        "group": "kedelai-emas-sanan",
        "category": "keripik-camilan",
        "name": "Paket Oleh-Oleh Keripik Tempe Sanan 4 Rasa",
        "description": (
            "Kotak oleh-oleh berisi empat kantong keripik tempe 150 g: original, daun jeruk, "
            "balado dan rumput laut. Kotak karton bergambar kampung Sanan bisa langsung dijadikan "
            "bingkisan. Tanggal kedaluwarsa tertera di setiap kantong."
        ),
        "materials": "Kedelai, tepung beras, bumbu, minyak sawit, kotak karton",
        "price": 65000,
        "stock": 75,
        "weight_grams": 850,
        "featured": True,
        "motif": "chips_bag",
        "color": "#b5452e",
    },
    {
        "sku": "SNN-KRP-009",
        "slug": "keripik-tempe-rendah-garam-150-g",
        "group": "kedelai-emas-sanan",
        "category": "keripik-camilan",
        "name": "Keripik Tempe Rendah Garam 150 g",
        "description": (
            "Varian keripik tempe dengan garam kira-kira separuh resep biasa, memakai bawang putih "
            "dan ketumbar lebih banyak agar tetap gurih. Digoreng dengan minyak baru setiap hari "
            "produksi. Cocok untuk yang sedang membatasi garam."
        ),
        "materials": "Kedelai, tepung beras, bawang putih, ketumbar, minyak sawit",
        "price": 20000,
        "stock": 60,
        "weight_grams": 190,
        "featured": False,
        "motif": "chips_bag",
        "color": "#d6b46a",
    },
    {
        "sku": "SNN-KRP-010",
        "slug": "tepung-tempe-250-g",
        "group": "kedelai-emas-sanan",
        "category": "tempe-kedelai",
        "name": "Tepung Tempe 250 g",
        "description": (
            "Tepung dari tempe yang diiris, dikukus, dikeringkan lalu digiling halus. Bisa "
            "dicampur ke bubur, adonan kue atau minuman, atau menggantikan sebagian tepung terigu. "
            "Simpan dalam wadah kedap udara dan gunakan dalam tiga bulan."
        ),
        "materials": "Tempe kedelai",
        "price": 30000,
        "stock": 40,
        "weight_grams": 290,
        "featured": False,
        "motif": "chips_bag",
        "color": "#e3d3a4",
    },
    # Sanggar Perak Sari Jawan
    {
        "sku": "CLK-PRK-001",
        "slug": "cincin-perak-jawan-motif-bunga-jepun",
        "group": "perak-sari-jawan",
        "category": "perak-logam",
        "name": "Cincin Perak Jawan Motif Bunga Jepun",
        "description": (
            "Cincin perak 925 berkepala bunga jepun (kamboja) selebar 14 mm yang dihiasi butiran "
            "jawan. Sela kelopak dioksidasi agar motif tampak lebih dalam. Tersedia ukuran 6 "
            "sampai 10. Bersihkan dengan kain poles perak dan jauhkan dari parfum serta air kolam "
            "renang."
        ),
        "materials": "Perak 925",
        "price": 450000,
        "stock": 8,
        "weight_grams": 80,
        "featured": True,
        "motif": "ring",
        "color": "#c0c0c0",
    },
    {
        "sku": "CLK-PRK-002",
        "slug": "cincin-perak-batu-kecubung-ukir-patra",
        "group": "perak-sari-jawan",
        "category": "perak-logam",
        "name": "Cincin Perak Batu Kecubung Ukir Patra",
        "description": (
            "Cincin perak 925 bermata kecubung oval 10 x 8 mm, dikelilingi bingkai ukiran patra "
            "yang dikerjakan dengan tatah kecil. Beratnya sekitar 7 gram. Batu dipasang dengan "
            "cakar perak sehingga mudah dibersihkan."
        ),
        "materials": "Perak 925, batu kecubung",
        "price": 850000,
        "stock": 5,
        "weight_grams": 90,
        "featured": False,
        "motif": "ring",
        "color": "#7d4f9e",
    },
    {
        "sku": "CLK-PRK-003",
        "slug": "kalung-liontin-barong-perak-filigri",
        "group": "perak-sari-jawan",
        "category": "perak-logam",
        "name": "Kalung Liontin Barong Perak Filigri",
        "description": (
            "Liontin wajah Barong setinggi 4 cm dari kawat perak pilin (filigri) dan butiran "
            "jawan, dengan mata dari batu garnet kecil. Dilengkapi rantai perak 925 sepanjang 45 "
            "cm dan dikemas dalam kotak kayu berlapis kain."
        ),
        "materials": "Perak 925, batu garnet",
        "price": 1250000,
        "stock": 5,
        "weight_grams": 150,
        "featured": False,
        "motif": "necklace",
        "color": "#b8b8b8",
    },
    {
        "sku": "CLK-PRK-004",
        "slug": "gelang-perak-rantai-anyam-bali",
        "group": "perak-sari-jawan",
        "category": "perak-logam",
        "name": "Gelang Perak Rantai Anyam Bali",
        "description": (
            "Gelang rantai perak 925 selebar 6 mm yang dianyam dari mata rantai kecil, panjang 19 "
            "cm dengan kunci kait berukir. Lentur mengikuti pergelangan tangan. Beratnya sekitar "
            "20 gram."
        ),
        "materials": "Perak 925",
        "price": 750000,
        "stock": 6,
        "weight_grams": 110,
        "featured": False,
        "motif": "bracelet",
        "color": "#c4c4c4",
    },
    {
        "sku": "CLK-PRK-005",
        "slug": "anting-perak-jawan-tetes-air",
        "group": "perak-sari-jawan",
        "category": "perak-logam",
        "name": "Anting Perak Jawan Tetes Air",
        "description": (
            "Sepasang anting kait berbentuk tetes air sepanjang 3 cm, dengan tepi berbutir jawan "
            "dan tengah berongga. Ringan, sekitar 4 gram sepasang, nyaman dipakai seharian. Kait "
            "perak 925 ramah untuk telinga sensitif."
        ),
        "materials": "Perak 925",
        "price": 375000,
        "stock": 10,
        "weight_grams": 70,
        "featured": False,
        "motif": "earrings",
        "color": "#cfcfcf",
    },
    {
        "sku": "CLK-PRK-006",
        "slug": "cincin-perak-pria-motif-naga",
        "group": "perak-sari-jawan",
        "category": "perak-logam",
        "name": "Cincin Perak Pria Motif Naga",
        "description": (
            "Cincin pria tebal dengan naga melingkar penuh, dicor lalu disempurnakan dengan tatah "
            "dan butiran jawan di bagian sisik. Beratnya sekitar 15 gram, ukuran 9 sampai 12. "
            "Warna hitam oksidasi di sela ukiran tetap bertahan walau sering dipoles."
        ),
        "materials": "Perak 925",
        "price": 1450000,
        "stock": 2,
        "weight_grams": 100,
        "featured": False,
        "motif": "ring",
        "color": "#9a9a9a",
    },
    # Perak Ayu Celuk
    {
        "sku": "CLK-PRK-007",
        "slug": "anting-tusuk-perak-bunga-kamboja",
        "group": "perak-ayu-celuk",
        "category": "perak-logam",
        "name": "Anting Tusuk Perak Bunga Kamboja",
        "description": (
            "Anting tusuk mungil berbentuk bunga kamboja berdiameter 12 mm; kelopaknya dibentuk "
            "dari lembaran perak tipis yang ditekuk satu per satu. Penahan belakang dari karet "
            "silikon. Cocok untuk dipakai sehari-hari maupun ke upacara."
        ),
        "materials": "Perak 925",
        "price": 275000,
        "stock": 20,
        "weight_grams": 60,
        "featured": True,
        "motif": "earrings",
        "color": "#dcdcdc",
    },
    {
        "sku": "CLK-PRK-008",
        "slug": "anting-juntai-perak-mutiara-air-tawar",
        "group": "perak-ayu-celuk",
        "category": "perak-logam",
        "name": "Anting Juntai Perak Mutiara Air Tawar",
        "description": (
            "Anting juntai sepanjang 5 cm: bunga perak kecil di atas dan mutiara air tawar putih 8 "
            "mm di bawah. Mutiara dipasang dengan pin perak dan perekat khusus perhiasan. Simpan "
            "terpisah agar mutiara tidak tergores."
        ),
        "materials": "Perak 925, mutiara air tawar",
        "price": 525000,
        "stock": 7,
        "weight_grams": 70,
        "featured": False,
        "motif": "earrings",
        "color": "#f5f0e6",
    },
    {
        "sku": "CLK-PRK-009",
        "slug": "gelang-bangle-perak-ukir-daun",
        "group": "perak-ayu-celuk",
        "category": "perak-logam",
        "name": "Gelang Bangle Perak Ukir Daun",
        "description": (
            "Gelang kaku selebar 10 mm dengan ukiran daun yang melingkar, diameter dalam 6 cm dan "
            "sedikit terbuka agar mudah dipakai. Beratnya sekitar 25 gram. Simpan dalam kantong "
            "kedap udara agar kilapnya awet."
        ),
        "materials": "Perak 925",
        "price": 950000,
        "stock": 4,
        "weight_grams": 120,
        "featured": False,
        "motif": "bracelet",
        "color": "#bdbdbd",
    },
    {
        "sku": "CLK-PRK-010",
        "slug": "kalung-perak-liontin-canang-sari",
        "group": "perak-ayu-celuk",
        "category": "perak-logam",
        "name": "Kalung Perak Liontin Canang Sari",
        "description": (
            "Liontin berbentuk canang sari, wadah sesaji kecil khas Bali, berukuran 2 x 2 cm "
            "dengan bunga-bunga mini di atas alas anyaman perak. Rantai perak 925 sepanjang 42 cm "
            "dengan sambungan 5 cm. Kenang-kenangan yang manis dari Bali."
        ),
        "materials": "Perak 925",
        "price": 650000,
        "stock": 9,
        "weight_grams": 90,
        "featured": False,
        "motif": "necklace",
        "color": "#d0d0d0",
    },
    {
        "sku": "CLK-PRK-011",
        "slug": "cincin-perak-susun-tipis-isi-3",
        "group": "perak-ayu-celuk",
        "category": "perak-logam",
        "name": "Cincin Perak Susun Tipis isi 3",
        "description": (
            "Tiga cincin tipis selebar 1,5 mm: satu polos, satu berbutir jawan dan satu berpilin. "
            "Bisa dipakai bersusun di satu jari atau terpisah. Sebutkan ukuran di catatan pesanan."
        ),
        "materials": "Perak 925",
        "price": 320000,
        "stock": 14,
        "weight_grams": 70,
        "featured": False,
        "motif": "ring",
        "color": "#c8c8c8",
    },
    {
        "sku": "CLK-PRK-012",
        "slug": "bros-perak-kupu-kupu-filigri",
        "group": "perak-ayu-celuk",
        "category": "perak-logam",
        "name": "Bros Perak Kupu-Kupu Filigri",
        "description": (
            "Bros kupu-kupu selebar 5 cm dari kawat perak pilin yang dipatri membentuk sayap "
            "berongga. Peniti berpengaman cukup kuat untuk kain kebaya maupun kerudung. Setiap "
            "bros dikerjakan sekitar dua hari."
        ),
        "materials": "Perak 925",
        "price": 480000,
        "stock": 0,
        "weight_grams": 80,
        "featured": False,
        "motif": "brooch",
        "color": "#c6c6c6",
    },
    # Kelompok Perajin Perak Tunas Mekar
    {
        "sku": "CLK-PRK-013",
        "slug": "cincin-perak-polos-minimalis-3-mm",
        "group": "perak-tunas-mekar",
        "category": "perak-logam",
        "name": "Cincin Perak Polos Minimalis 3 mm",
        "description": (
            "Cincin perak 925 polos selebar 3 mm, dipoles mengilap dengan tepi dibulatkan agar "
            "nyaman. Cocok dipakai sendiri atau sebagai cincin pasangan. Ukuran 5 sampai 12; "
            "inisial bisa digrafir di bagian dalam, tulis di catatan pesanan."
        ),
        "materials": "Perak 925",
        "price": 250000,
        "stock": 25,
        "weight_grams": 60,
        "featured": False,
        "motif": "ring",
        "color": "#d3d3d3",
    },
    {
        "sku": "CLK-PRK-014",
        "slug": "cincin-perak-tekstur-palu",
        "group": "perak-tunas-mekar",
        "category": "perak-logam",
        "name": "Cincin Perak Tekstur Palu",
        "description": (
            "Cincin selebar 5 mm yang permukaannya ditempa palu kecil hingga berfaset dan "
            "memantulkan cahaya. Hasil akhir satin sehingga goresan pemakaian tidak terlalu "
            "tampak. Beratnya sekitar 5 gram."
        ),
        "materials": "Perak 925",
        "price": 295000,
        "stock": 18,
        "weight_grams": 60,
        "featured": False,
        "motif": "ring",
        "color": "#bcbcbc",
    },
    {
        "sku": "CLK-PRK-015",
        "slug": "gelang-perak-cuff-terbuka",
        "group": "perak-tunas-mekar",
        "category": "perak-logam",
        "name": "Gelang Perak Cuff Terbuka",
        "description": (
            "Gelang cuff selebar 12 mm dengan ujung terbuka yang bisa sedikit disesuaikan dengan "
            "menekannya perlahan. Permukaan disikat halus dengan garis tepi mengilap. Beratnya "
            "sekitar 18 gram."
        ),
        "materials": "Perak 925",
        "price": 560000,
        "stock": 8,
        "weight_grams": 110,
        "featured": False,
        "motif": "bracelet",
        "color": "#b5b5b5",
    },
    {
        "sku": "CLK-PRK-016",
        "slug": "kalung-perak-liontin-bulan-sabit",
        "group": "perak-tunas-mekar",
        "category": "perak-logam",
        "name": "Kalung Perak Liontin Bulan Sabit",
        "description": (
            "Liontin bulan sabit 18 mm yang dipotong dari lembaran perak setebal 1 mm, digantung "
            "pada rantai ular 45 cm. Desain sederhana untuk dipakai setiap hari; rantainya bisa "
            "dipakai dengan liontin lain."
        ),
        "materials": "Perak 925",
        "price": 420000,
        "stock": 12,
        "weight_grams": 70,
        "featured": False,
        "motif": "necklace",
        "color": "#cacaca",
    },
    {
        "sku": "CLK-PRK-017",
        "slug": "anting-perak-geometris-segitiga",
        "group": "perak-tunas-mekar",
        "category": "perak-logam",
        "name": "Anting Perak Geometris Segitiga",
        "description": (
            "Anting tusuk segitiga berongga berukuran 15 mm, dirangkai dari kawat perak persegi "
            "yang dipatri. Ringan dan tegas, cocok untuk pakaian kerja. Penahan belakang dari "
            "perak."
        ),
        "materials": "Perak 925",
        "price": 260000,
        "stock": 15,
        "weight_grams": 60,
        "featured": False,
        "motif": "earrings",
        "color": "#d1d1d1",
    },
    {
        "sku": "CLK-PRK-018",
        "slug": "gelang-tali-perak-manik-jawan",
        "group": "perak-tunas-mekar",
        "category": "perak-logam",
        "name": "Gelang Tali Perak Manik Jawan",
        "description": (
            "Gelang tali lilin hitam dengan lima manik perak berbutir jawan; panjangnya bisa "
            "diatur dengan simpul geser. Cocok untuk pria maupun wanita. Hindari merendam tali "
            "terlalu lama."
        ),
        "materials": "Perak 925, tali lilin",
        "price": 300000,
        "stock": 20,
        "weight_grams": 60,
        "featured": False,
        "motif": "bracelet",
        "color": "#3a3a3a",
    },
    # Bengkel Perak Ketut Sudiarta
    {
        "sku": "CLK-PRK-019",
        "slug": "bokor-perak-ukir-patra-10-cm",
        "group": "bengkel-perak-sudiarta",
        "category": "perak-logam",
        "name": "Bokor Perak Ukir Patra 10 cm",
        "description": (
            "Bokor perak berdiameter 10 cm dan tinggi 6 cm berkaki bundar, dipahat timbul bermotif "
            "patra dan bunga teratai. Berat peraknya sekitar 120 gram. Di Bali bokor menjadi wadah "
            "bunga dan sesaji; di rumah bisa menjadi tempat perhiasan. Dikirim dengan surat "
            "keterangan kadar dan kotak kayu."
        ),
        "materials": "Perak 925",
        "price": 4250000,
        "stock": 1,
        "weight_grams": 600,
        "featured": True,
        "motif": "bowl",
        "color": "#b0b0b0",
    },
    {
        "sku": "CLK-PRK-020",
        "slug": "bros-kebaya-perak-motif-patra",
        "group": "bengkel-perak-sudiarta",
        "category": "perak-logam",
        "name": "Bros Kebaya Perak Motif Patra",
        "description": (
            "Bros kebaya oval 5 x 3,5 cm dengan ukiran patra yang ditatah dan dioksidasi, "
            "berbingkai butiran jawan. Peniti ganda agar bros tidak miring di kain tipis. Dikemas "
            "dalam kotak beludru."
        ),
        "materials": "Perak 925",
        "price": 650000,
        "stock": 6,
        "weight_grams": 90,
        "featured": False,
        "motif": "brooch",
        "color": "#afafaf",
    },
    {
        "sku": "CLK-PRK-021",
        "slug": "bros-perak-keris-mini",
        "group": "bengkel-perak-sudiarta",
        "category": "perak-logam",
        "name": "Bros Perak Keris Mini",
        "description": (
            "Bros berbentuk keris sepanjang 7 cm dengan hulu berukir dan bilah berluk tujuh dari "
            "perak pejal. Pelengkap kemeja adat, udeng atau beskap. Beratnya sekitar 9 gram."
        ),
        "materials": "Perak 925",
        "price": 550000,
        "stock": 7,
        "weight_grams": 90,
        "featured": False,
        "motif": "brooch",
        "color": "#a8a8a8",
    },
    {
        "sku": "CLK-PRK-022",
        "slug": "tusuk-konde-perak-bunga-teratai",
        "group": "bengkel-perak-sudiarta",
        "category": "perak-logam",
        "name": "Tusuk Konde Perak Bunga Teratai",
        "description": (
            "Tusuk konde sepanjang 14 cm dengan kepala bunga teratai bertumpuk tiga lapis. "
            "Batangnya perak pejal yang cukup kaku untuk menahan sanggul upacara maupun cepol "
            "sehari-hari. Bila kusam, sikat lembut dengan sabun bayi."
        ),
        "materials": "Perak 925",
        "price": 480000,
        "stock": 9,
        "weight_grams": 80,
        "featured": False,
        "motif": "brooch",
        "color": "#c2c2c2",
    },
    {
        "sku": "CLK-PRK-023",
        "slug": "kalung-rantai-perak-tebal-pria-55-cm",
        "group": "bengkel-perak-sudiarta",
        "category": "perak-logam",
        "name": "Kalung Rantai Perak Tebal Pria 55 cm",
        "description": (
            "Rantai perak 925 model bizantium selebar 5 mm dan panjang 55 cm, dirangkai tangan "
            "dari ratusan mata rantai. Beratnya sekitar 40 gram dengan kunci kait besar yang "
            "kokoh. Cocok dipakai tanpa liontin."
        ),
        "materials": "Perak 925",
        "price": 1350000,
        "stock": 4,
        "weight_grams": 140,
        "featured": False,
        "motif": "necklace",
        "color": "#9f9f9f",
    },
    {
        "sku": "CLK-PRK-024",
        "slug": "sepasang-cincin-kawin-perak-ukir",
        "group": "bengkel-perak-sudiarta",
        "category": "perak-logam",
        "name": "Sepasang Cincin Kawin Perak Ukir",
        "description": (
            "Sepasang cincin kawin perak 925 selebar 4 mm dengan ukiran sulur yang bersambung bila "
            "kedua cincin didekatkan. Nama dan tanggal bisa digrafir di bagian dalam. Dikerjakan "
            "sekitar tujuh hari kerja setelah ukuran dikonfirmasi."
        ),
        "materials": "Perak 925",
        "price": 1200000,
        "stock": 5,
        "weight_grams": 120,
        "featured": False,
        "motif": "ring",
        "color": "#c3c3c3",
    },
    # Batik Tulis Sekar Maja
    {
        "sku": "MJK-BTK-001",
        "slug": "kain-batik-tulis-surya-majapahit-sogan",
        "group": "batik-tulis-sekar-maja",
        "category": "batik-tekstil",
        "name": "Kain Batik Tulis Surya Majapahit Sogan",
        "description": (
            "Kain batik tulis 2,1 x 1,15 m bermotif Surya Majapahit, matahari bersudut delapan "
            "yang berselang-seling dengan sulur. Dibatik dengan canting di dua sisi lalu dicelup "
            "sogan cokelat beberapa kali; pengerjaannya sekitar lima minggu. Cuci dengan lerak "
            "atau sampo bayi dan jemur di tempat teduh."
        ),
        "materials": "Katun primisima, malam, pewarna sogan",
        "price": 1250000,
        "stock": 3,
        "weight_grams": 450,
        "featured": True,
        "motif": "batik_cloth",
        "color": "#7a4a26",
    },
    {
        "sku": "MJK-BTK-002",
        "slug": "kain-batik-tulis-buah-maja-biru-indigo",
        "group": "batik-tulis-sekar-maja",
        "category": "batik-tekstil",
        "name": "Kain Batik Tulis Buah Maja Biru Indigo",
        "description": (
            "Kain 2 x 1,1 m dengan motif buah maja bergelantungan di antara daun, berlatar biru "
            "indigo dengan isen-isen titik (cecek). Birunya diperoleh dari pencelupan indigo "
            "berulang. Cocok dijahit menjadi kemeja atau dipakai sebagai jarik."
        ),
        "materials": "Katun primisima, malam, indigo",
        "price": 950000,
        "stock": 4,
        "weight_grams": 430,
        "featured": False,
        "motif": "batik_cloth",
        "color": "#1d3557",
    },
    {
        "sku": "MJK-BTK-003",
        "slug": "kain-batik-tulis-relief-candi-bajang-ratu",
        "group": "batik-tulis-sekar-maja",
        "category": "batik-tekstil",
        "name": "Kain Batik Tulis Relief Candi Bajang Ratu",
        "description": (
            "Batik tulis halus ukuran 2,5 x 1,15 m yang menggambarkan gapura Bajang Ratu dan "
            "relief di sekelilingnya dengan isen-isen sangat rapat. Dikerjakan sekitar tiga bulan "
            "oleh dua pembatik senior. Hanya satu lembar; cocok untuk koleksi atau hiasan dinding."
        ),
        "materials": "Katun primisima, malam, pewarna sogan dan indigo",
        "price": 2250000,
        "stock": 1,
        "weight_grams": 500,
        "featured": False,
        "motif": "batik_cloth",
        "color": "#5c3b1e",
    },
    {
        "sku": "MJK-BTK-004",
        "slug": "selendang-batik-tulis-sutra-surya-majapahit",
        "group": "batik-tulis-sekar-maja",
        "category": "batik-tekstil",
        "name": "Selendang Batik Tulis Sutra Surya Majapahit",
        "description": (
            "Selendang sutra 200 x 50 cm dengan motif Surya Majapahit di kedua ujung dan sulur "
            "halus di badan kain. Kainnya jatuh lembut dan berkilau, pas untuk kebaya atau pesta. "
            "Cuci kering atau cuci tangan dengan air dingin."
        ),
        "materials": "Sutra, malam, pewarna sintetis",
        "price": 850000,
        "stock": 5,
        "weight_grams": 200,
        "featured": False,
        "motif": "batik_cloth",
        "color": "#8e2c48",
    },
    {
        "sku": "MJK-BTK-005",
        "slug": "kain-batik-tulis-koro-renteng",
        "group": "batik-tulis-sekar-maja",
        "category": "batik-tekstil",
        "name": "Kain Batik Tulis Koro Renteng",
        "description": (
            "Kain 2 x 1,15 m bermotif Koro Renteng, deretan bunga kacang koro yang berangkai, "
            "berwarna merah bata di atas latar krem. Dibatik tulis satu sisi dengan isen-isen "
            "sederhana sehingga harganya lebih terjangkau. Warnanya sedikit luntur pada cucian "
            "pertama, jadi cuci terpisah."
        ),
        "materials": "Katun primisima, malam, pewarna naptol",
        "price": 750000,
        "stock": 6,
        "weight_grams": 420,
        "featured": False,
        "motif": "batik_cloth",
        "color": "#a4452c",
    },
    # Kelompok Batik Kedundung Asri
    {
        "sku": "MJK-BTK-006",
        "slug": "kain-batik-cap-surya-majapahit-merah-bata",
        "group": "batik-cap-kedundung-asri",
        "category": "batik-tekstil",
        "name": "Kain Batik Cap Surya Majapahit Merah Bata",
        "description": (
            "Kain batik cap 2 x 1,15 m bermotif Surya Majapahit berulang, dicap dengan cap tembaga "
            "buatan kelompok lalu diwarnai merah bata dan cokelat. Katunnya adem, cocok untuk "
            "kemeja, rok atau seragam. Jemur terbalik agar warnanya tidak cepat pudar."
        ),
        "materials": "Katun prima, malam, pewarna remasol",
        "price": 225000,
        "stock": 35,
        "weight_grams": 400,
        "featured": True,
        "motif": "batik_cloth",
        "color": "#a0442a",
    },
    {
        "sku": "MJK-BTK-007",
        "slug": "kain-batik-cap-mrico-bolong",
        "group": "batik-cap-kedundung-asri",
        "category": "batik-tekstil",
        "name": "Kain Batik Cap Mrico Bolong",
        "description": (
            "Motif Mrico Bolong, butir merica berlubang yang tersebar rapat, dicap di atas katun 2 "
            "x 1,15 m dengan warna biru dongker dan putih. Polanya kecil dan rapi sehingga cocok "
            "untuk kemeja kerja. Bisa dicuci mesin dengan putaran lembut."
        ),
        "materials": "Katun prima, malam, pewarna naptol",
        "price": 185000,
        "stock": 40,
        "weight_grams": 400,
        "featured": False,
        "motif": "batik_cloth",
        "color": "#1e2f5a",
    },
    {
        "sku": "MJK-BTK-008",
        "slug": "kain-batik-kombinasi-cap-tulis-koro-renteng",
        "group": "batik-cap-kedundung-asri",
        "category": "batik-tekstil",
        "name": "Kain Batik Kombinasi Cap Tulis Koro Renteng",
        "description": (
            "Kain 2 x 1,15 m yang motif utamanya dicap, lalu isen-isen dan garis pinggirnya "
            "ditambahkan dengan canting. Hasilnya lebih hidup daripada batik cap biasa dengan "
            "harga di bawah batik tulis. Warna hijau daun dan cokelat."
        ),
        "materials": "Katun primisima, malam, pewarna remasol",
        "price": 395000,
        "stock": 12,
        "weight_grams": 420,
        "featured": False,
        "motif": "batik_cloth",
        "color": "#4e6b34",
    },
    {
        "sku": "MJK-BTK-009",
        "slug": "kain-batik-cap-gapura-wringin-lawang",
        "group": "batik-cap-kedundung-asri",
        "category": "batik-tekstil",
        "name": "Kain Batik Cap Gapura Wringin Lawang",
        "description": (
            "Kain batik cap bermotif gapura Wringin Lawang yang berjajar dengan pohon beringin di "
            "antaranya. Ukuran 2 x 1,15 m, warna cokelat tanah di atas krem. Cocok untuk seragam "
            "bertema sejarah Mojokerto."
        ),
        "materials": "Katun prima, malam, pewarna naptol",
        "price": 210000,
        "stock": 25,
        "weight_grams": 400,
        "featured": False,
        "motif": "batik_cloth",
        "color": "#8b5a2b",
    },
    {
        "sku": "MJK-BTK-010",
        "slug": "taplak-meja-batik-cap-150-x-150-cm",
        "group": "batik-cap-kedundung-asri",
        "category": "batik-tekstil",
        "name": "Taplak Meja Batik Cap 150 x 150 cm",
        "description": (
            "Taplak meja persegi dari katun tebal dengan motif Surya Majapahit di tengah dan "
            "bingkai sulur di keempat sisi, tepinya dijahit rapi. Pas untuk meja makan empat "
            "sampai enam kursi. Bisa dicuci mesin dengan air dingin."
        ),
        "materials": "Katun drill, malam, pewarna remasol",
        "price": 165000,
        "stock": 20,
        "weight_grams": 500,
        "featured": False,
        "motif": "batik_cloth",
        "color": "#b5651d",
    },
    {
        "sku": "MJK-BTK-011",
        "slug": "sarung-batik-cap-pria-motif-buah-maja",
        "group": "batik-cap-kedundung-asri",
        "category": "batik-tekstil",
        "name": "Sarung Batik Cap Pria Motif Buah Maja",
        "description": (
            "Sarung batik cap 2 x 1,1 m yang sudah dijahit melingkar, dengan kepala sarung "
            "bermotif buah maja dan badan bermotif garis. Katun tebal yang adem untuk salat atau "
            "bersantai. Sedang diproduksi ulang."
        ),
        "materials": "Katun, malam, pewarna naptol",
        "price": 175000,
        "stock": 0,
        "weight_grams": 450,
        "featured": False,
        "motif": "batik_cloth",
        "color": "#3f4f2e",
    },
    # Rumah Batik Mrico Bolong
    {
        "sku": "MJK-BJU-001",
        "slug": "kemeja-batik-pria-lengan-panjang-surya-majapahit",
        "group": "rumah-batik-mrico-bolong",
        "category": "busana-batik",
        "name": "Kemeja Batik Pria Lengan Panjang Surya Majapahit",
        "description": (
            "Kemeja pria lengan panjang dari batik cap motif Surya Majapahit, berfuring katun di "
            "bagian badan agar tidak menerawang. Kerah tegak dan kancing batok kelapa. Ukuran M "
            "sampai XXL; setrika dari bagian dalam."
        ),
        "materials": "Katun prima, batik cap, furing katun",
        "price": 385000,
        "stock": 24,
        "weight_grams": 400,
        "featured": True,
        "motif": "batik_shirt",
        "color": "#6d3b1f",
    },
    {
        "sku": "MJK-BJU-002",
        "slug": "kemeja-batik-pria-lengan-pendek-mrico-bolong",
        "group": "rumah-batik-mrico-bolong",
        "category": "busana-batik",
        "name": "Kemeja Batik Pria Lengan Pendek Mrico Bolong",
        "description": (
            "Kemeja lengan pendek potongan reguler dari batik cap Mrico Bolong biru dongker, cocok "
            "untuk kerja maupun kondangan siang. Tanpa furing sehingga ringan di cuaca panas. "
            "Ukuran S sampai XXL."
        ),
        "materials": "Katun prima, batik cap",
        "price": 275000,
        "stock": 30,
        "weight_grams": 300,
        "featured": False,
        "motif": "batik_shirt",
        "color": "#1e2f5a",
    },
    {
        "sku": "MJK-BJU-003",
        "slug": "blus-batik-wanita-motif-buah-maja",
        "group": "rumah-batik-mrico-bolong",
        "category": "busana-batik",
        "name": "Blus Batik Wanita Motif Buah Maja",
        "description": (
            "Blus wanita lengan tiga perempat berpotongan A yang longgar, dari katun rayon batik "
            "cap bermotif buah maja. Berkancing depan sehingga ramah ibu menyusui. Ukuran S sampai "
            "XL."
        ),
        "materials": "Katun rayon, batik cap",
        "price": 245000,
        "stock": 22,
        "weight_grams": 280,
        "featured": False,
        "motif": "batik_shirt",
        "color": "#c2703d",
    },
    {
        "sku": "MJK-BJU-004",
        "slug": "kemeja-batik-tulis-pria-premium-sogan",
        "group": "rumah-batik-mrico-bolong",
        "category": "busana-batik",
        "name": "Kemeja Batik Tulis Pria Premium Sogan",
        "description": (
            "Kemeja pria lengan panjang dari kain batik tulis sogan karya pembatik sentra, dipola "
            "agar motif utama jatuh tepat di dada dan punggung. Berfuring katun penuh dengan "
            "kancing tersembunyi. Hanya tersedia ukuran L dan XL."
        ),
        "materials": "Katun primisima, batik tulis, furing katun",
        "price": 895000,
        "stock": 2,
        "weight_grams": 450,
        "featured": False,
        "motif": "batik_shirt",
        "color": "#6b4226",
    },
    {
        "sku": "MJK-BJU-005",
        "slug": "outer-batik-wanita-motif-koro-renteng",
        "group": "rumah-batik-mrico-bolong",
        "category": "busana-batik",
        "name": "Outer Batik Wanita Motif Koro Renteng",
        "description": (
            "Outer panjang selutut berpotongan kimono dengan lengan lebar, dari batik cap Koro "
            "Renteng merah bata. Nyaman dipadukan dengan kaus atau gamis polos. Satu ukuran untuk "
            "S sampai XL."
        ),
        "materials": "Katun rayon, batik cap",
        "price": 295000,
        "stock": 15,
        "weight_grams": 350,
        "featured": False,
        "motif": "batik_shirt",
        "color": "#a4452c",
    },
    {
        "sku": "MJK-BJU-006",
        "slug": "kemeja-batik-anak-motif-surya-majapahit",
        "group": "rumah-batik-mrico-bolong",
        "category": "busana-batik",
        "name": "Kemeja Batik Anak Motif Surya Majapahit",
        "description": (
            "Kemeja anak lengan pendek untuk usia 2 sampai 10 tahun, dari katun batik cap yang "
            "lembut di kulit. Jahitan dobel di bahu dan ketiak agar awet dipakai bermain. Tulis "
            "usia anak di catatan pesanan."
        ),
        "materials": "Katun prima, batik cap",
        "price": 135000,
        "stock": 40,
        "weight_grams": 200,
        "featured": False,
        "motif": "batik_shirt",
        "color": "#b5542d",
    },
    # Batik Warna Alam Surodinawan
    {
        "sku": "MJK-BTK-012",
        "slug": "syal-batik-warna-alam-indigo",
        "group": "batik-warna-alam-surodinawan",
        "category": "batik-tekstil",
        "name": "Syal Batik Warna Alam Indigo",
        "description": (
            "Syal katun voile 180 x 60 cm yang dibatik ringan lalu dicelup indigo alami "
            "berkali-kali hingga biru pekat. Tipis dan jatuh, nyaman di udara panas maupun ruangan "
            "berpendingin. Cuci tangan dengan lerak dan jangan direndam lama."
        ),
        "materials": "Katun voile, malam, indigo alami",
        "price": 325000,
        "stock": 14,
        "weight_grams": 150,
        "featured": False,
        "motif": "batik_cloth",
        "color": "#23395d",
    },
    {
        "sku": "MJK-BTK-013",
        "slug": "kain-batik-tulis-warna-alam-tingi-mahoni",
        "group": "batik-warna-alam-surodinawan",
        "category": "batik-tekstil",
        "name": "Kain Batik Tulis Warna Alam Tingi Mahoni",
        "description": (
            "Kain batik tulis 2 x 1,15 m bermotif sulur maja berwarna cokelat kemerahan dari kulit "
            "kayu tingi dan mahoni, dikunci dengan tawas dan kapur. Warna alam lebih lembut dan "
            "perlahan menua dengan indah. Jemur di tempat teduh, jangan di bawah terik matahari."
        ),
        "materials": "Katun primisima, malam, kayu tingi, kayu mahoni",
        "price": 1450000,
        "stock": 2,
        "weight_grams": 430,
        "featured": False,
        "motif": "batik_cloth",
        "color": "#8a4b32",
    },
    {
        "sku": "MJK-TAS-001",
        "slug": "tas-jinjing-batik-warna-alam",
        "group": "batik-warna-alam-surodinawan",
        "category": "tas-aksesori",
        "name": "Tas Jinjing Batik Warna Alam",
        "description": (
            "Tas jinjing 38 x 32 cm dengan tali bahu 60 cm; bagian luar batik warna alam, bagian "
            "dalam kanvas tebal dengan satu kantong kecil. Muat laptop 13 inci dan buku. Motif "
            "setiap tas berbeda karena dibuat dari kain yang berbeda."
        ),
        "materials": "Katun batik warna alam, kanvas",
        "price": 185000,
        "stock": 10,
        "weight_grams": 350,
        "featured": False,
        "motif": "bag",
        "color": "#6a7f4f",
    },
    {
        "sku": "MJK-TAS-002",
        "slug": "dompet-batik-kecil-beritsleting",
        "group": "batik-warna-alam-surodinawan",
        "category": "tas-aksesori",
        "name": "Dompet Batik Kecil Beritsleting",
        "description": (
            "Dompet kecil 18 x 11 cm dari potongan kain batik warna alam berlapis kain keras, "
            "dengan ritsleting logam. Untuk uang, kartu atau alat rias. Memanfaatkan sisa potongan "
            "kain sehingga tidak ada yang terbuang."
        ),
        "materials": "Katun batik warna alam, kain keras, ritsleting logam",
        "price": 65000,
        "stock": 25,
        "weight_grams": 80,
        "featured": False,
        "motif": "bag",
        "color": "#7b5a3c",
    },
    {
        "sku": "MJK-BTK-014",
        "slug": "udeng-batik-mojokerto-warna-alam",
        "group": "batik-warna-alam-surodinawan",
        "category": "batik-tekstil",
        "name": "Udeng Batik Mojokerto Warna Alam",
        "description": (
            "Udeng atau ikat kepala siap pakai dari batik tulis warna alam motif Surya Majapahit, "
            "untuk lingkar kepala 56 sampai 58 cm. Bentuknya dijahit permanen sehingga tidak perlu "
            "diikat ulang. Pelengkap kemeja batik atau pakaian adat."
        ),
        "materials": "Katun primisima, malam, pewarna alam",
        "price": 75000,
        "stock": 18,
        "weight_grams": 120,
        "featured": False,
        "motif": "batik_cloth",
        "color": "#5a3d2b",
    },
    # Kelompok Anyaman Sekar Pandan Asrikaton
    {
        "sku": "KDS-ANY-001",
        "slug": "keranjang-bambu-serbaguna-bertutup",
        "group": "anyaman-sekar-pandan-asrikaton",
        "category": "anyaman",
        "name": "Keranjang Bambu Serbaguna Bertutup",
        "description": (
            "Keranjang anyaman bambu apus 35 x 25 x 20 cm bertutup, dengan dua pegangan rotan. "
            "Bilah bambunya diasap sehingga lebih tahan bubuk dan berwarna cokelat madu. Untuk "
            "parsel, tempat pakaian atau piknik; jauhkan dari tempat lembap."
        ),
        "materials": "Bambu apus, rotan",
        "price": 85000,
        "stock": 30,
        "weight_grams": 900,
        "featured": True,
        "motif": "basket",
        "color": "#b08850",
    },
    {
        "sku": "KDS-ANY-002",
        "slug": "tampah-bambu-diameter-50-cm",
        "group": "anyaman-sekar-pandan-asrikaton",
        "category": "anyaman",
        "name": "Tampah Bambu Diameter 50 cm",
        "description": (
            "Tampah anyaman bambu berdiameter 50 cm dengan bingkai bambu rangkap, untuk menampi "
            "beras, menjemur kerupuk atau menyajikan tumpeng. Bisa juga digantung sebagai hiasan "
            "dinding. Anyamannya rapat dan kuat."
        ),
        "materials": "Bambu apus",
        "price": 35000,
        "stock": 40,
        "weight_grams": 800,
        "featured": False,
        "motif": "basket",
        "color": "#d2b48c",
    },
    {
        "sku": "KDS-ANY-003",
        "slug": "tikar-pandan-lipat-120-x-180-cm",
        "group": "anyaman-sekar-pandan-asrikaton",
        "category": "anyaman",
        "name": "Tikar Pandan Lipat 120 x 180 cm",
        "description": (
            "Tikar dari daun pandan duri yang direbus, dijemur lalu dianyam bermotif kotak-kotak "
            "hijau dan merah muda. Pinggirnya dilipat dan dijahit kain agar tidak mudah terurai. "
            "Bisa dilipat menjadi 40 x 30 cm untuk dibawa piknik."
        ),
        "materials": "Daun pandan duri, pewarna tekstil, kain list",
        "price": 150000,
        "stock": 12,
        "weight_grams": 1300,
        "featured": False,
        "motif": "mat",
        "color": "#7ea05a",
    },
    {
        "sku": "KDS-ANY-004",
        "slug": "tas-pandan-jinjing-motif-garis",
        "group": "anyaman-sekar-pandan-asrikaton",
        "category": "anyaman",
        "name": "Tas Pandan Jinjing Motif Garis",
        "description": (
            "Tas jinjing 35 x 28 cm dari anyaman pandan halus bermotif garis hitam dan natural, "
            "dengan pegangan kulit sintetis dan furing kain. Ringan untuk belanja atau ke pantai. "
            "Jika basah, angin-anginkan sampai kering sebelum disimpan."
        ),
        "materials": "Daun pandan, kulit sintetis, kain furing",
        "price": 95000,
        "stock": 18,
        "weight_grams": 350,
        "featured": False,
        "motif": "bag",
        "color": "#cdb27a",
    },
    {
        "sku": "KDS-ANY-005",
        "slug": "kap-lampu-anyaman-bambu-40-cm",
        "group": "anyaman-sekar-pandan-asrikaton",
        "category": "anyaman",
        "name": "Kap Lampu Anyaman Bambu 40 cm",
        "description": (
            "Kap lampu gantung berdiameter 40 cm dari anyaman bambu renggang yang menebar bayangan "
            "kotak-kotak di dinding. Dilengkapi fiting E27 dan kabel 1 m; pakai bohlam LED "
            "maksimal 10 watt. Produksi ulang makan waktu sekitar dua minggu."
        ),
        "materials": "Bambu apus, fiting lampu, kabel",
        "price": 125000,
        "stock": 0,
        "weight_grams": 900,
        "featured": False,
        "motif": "basket",
        "color": "#c49a5b",
    },
    {
        "sku": "KDS-ANY-006",
        "slug": "tatakan-gelas-anyaman-pandan-isi-6",
        "group": "anyaman-sekar-pandan-asrikaton",
        "category": "anyaman",
        "name": "Tatakan Gelas Anyaman Pandan isi 6",
        "description": (
            "Enam tatakan gelas bundar berdiameter 10 cm dari anyaman pandan rangkap dua, sehingga "
            "menahan rembesan air dan panas gelas. Warna natural dengan pinggir hijau. Lap dengan "
            "kain kering setelah dipakai."
        ),
        "materials": "Daun pandan",
        "price": 40000,
        "stock": 50,
        "weight_grams": 180,
        "featured": False,
        "motif": "mat",
        "color": "#a8b56b",
    },
    # Sanggar Topeng Malangan Panji Laras
    {
        "sku": "KDS-TPG-001",
        "slug": "topeng-malangan-panji-asmorobangun",
        "group": "topeng-malangan-panji-laras",
        "category": "kayu",
        "name": "Topeng Malangan Panji Asmorobangun",
        "description": (
            "Topeng tokoh Panji Asmorobangun berukuran sekitar 18 x 14 cm, diukir dari kayu "
            "mentaos dan dicat tangan dengan raut halus khas tokoh kesatria. Bagian dalamnya "
            "diberi tali sehingga bisa dipakai menari, atau digantung sebagai hiasan dinding. "
            "Bersihkan debu dengan kuas lembut."
        ),
        "materials": "Kayu mentaos, cat akrilik, pernis",
        "price": 450000,
        "stock": 6,
        "weight_grams": 600,
        "featured": True,
        "motif": "mask",
        "color": "#d8cfa8",
    },
    {
        "sku": "KDS-TPG-002",
        "slug": "topeng-malangan-klana-sewandana",
        "group": "topeng-malangan-panji-laras",
        "category": "kayu",
        "name": "Topeng Malangan Klana Sewandana",
        "description": (
            "Topeng raja seberang Klana Sewandana berwajah merah dengan mata melotot, kumis tebal "
            "dan hiasan ukir di dahi. Ukuran sekitar 20 x 16 cm, dicat berlapis lalu dipernis. "
            "Tokoh ini menggambarkan watak yang keras dan bergejolak."
        ),
        "materials": "Kayu mentaos, cat akrilik, pernis",
        "price": 475000,
        "stock": 4,
        "weight_grams": 650,
        "featured": False,
        "motif": "mask",
        "color": "#b22222",
    },
    {
        "sku": "KDS-TPG-003",
        "slug": "topeng-malangan-dewi-sekartaji",
        "group": "topeng-malangan-panji-laras",
        "category": "kayu",
        "name": "Topeng Malangan Dewi Sekartaji",
        "description": (
            "Topeng Dewi Sekartaji, kekasih Panji, berwajah putih dengan hidung kecil dan bibir "
            "tersenyum. Ukuran sekitar 17 x 13 cm, cocok untuk menari maupun dipajang. Hindari "
            "sinar matahari langsung agar catnya tidak kusam."
        ),
        "materials": "Kayu mentaos, cat akrilik, pernis",
        "price": 450000,
        "stock": 5,
        "weight_grams": 600,
        "featured": False,
        "motif": "mask",
        "color": "#f2ebdc",
    },
    {
        "sku": "KDS-TPG-004",
        "slug": "topeng-malangan-mini-suvenir-10-cm",
        "group": "topeng-malangan-panji-laras",
        "category": "kayu",
        "name": "Topeng Malangan Mini Suvenir 10 cm",
        "description": (
            "Topeng mini setinggi 10 cm dengan tokoh acak dari cerita Panji, lengkap dengan tali "
            "gantung dan kartu keterangan tokoh. Diukir dan dicat tangan oleh murid-murid sanggar. "
            "Oleh-oleh khas Malang yang ringan dibawa."
        ),
        "materials": "Kayu waru, cat akrilik",
        "price": 95000,
        "stock": 35,
        "weight_grams": 200,
        "featured": False,
        "motif": "mask",
        "color": "#c0392b",
    },
    {
        "sku": "KDS-KYU-001",
        "slug": "relief-kayu-ukir-candi-singosari-40-x-30-cm",
        "group": "topeng-malangan-panji-laras",
        "category": "kayu",
        "name": "Relief Kayu Ukir Candi Singosari 40 x 30 cm",
        "description": (
            "Panel relief kayu jati 40 x 30 cm setebal 3 cm yang menggambarkan Candi Singosari "
            "dengan pepohonan di sekelilingnya. Diukir dengan pahat tangan dan dilapis melamin "
            "doff, siap digantung. Lap dengan kain kering dan jangan dipasang di dinding lembap."
        ),
        "materials": "Kayu jati, pelapis melamin",
        "price": 650000,
        "stock": 2,
        "weight_grams": 2800,
        "featured": False,
        "motif": "wood_carving",
        "color": "#8b5a2b",
    },
    # Kelompok Olahan Buah Rejokidal (UPK Tumpang)
    {
        "sku": "KDS-MKN-001",
        "slug": "keripik-apel-malang-100-g",
        "group": "olahan-buah-rejokidal",
        "category": "keripik-camilan",
        "name": "Keripik Apel Malang 100 g",
        "description": (
            "Irisan apel manalagi dan rome beauty dari kebun Poncokusumo yang digoreng vakum pada "
            "suhu rendah, sehingga renyah, manis alami dan tetap berwarna kuning pucat. Tanpa "
            "tambahan gula dan pengawet. Kemasan foil 100 g; tutup rapat setelah dibuka."
        ),
        "materials": "Apel manalagi, apel rome beauty, minyak sawit",
        "price": 25000,
        "stock": 120,
        "weight_grams": 150,
        "featured": True,
        "motif": "chips_bag",
        "color": "#e6c86e",
    },
    {
        "sku": "KDS-MKN-002",
        "slug": "keripik-nangka-100-g",
        "group": "olahan-buah-rejokidal",
        "category": "keripik-camilan",
        "name": "Keripik Nangka 100 g",
        "description": (
            "Keripik nangka matang yang digoreng vakum, manis dan harum dengan tekstur renyah "
            "berongga. Enak dimakan langsung atau ditabur di atas yoghurt. Kemasan 100 g berklip."
        ),
        "materials": "Nangka, minyak sawit",
        "price": 28000,
        "stock": 90,
        "weight_grams": 150,
        "featured": False,
        "motif": "chips_bag",
        "color": "#f0b429",
    },
    {
        "sku": "KDS-MKN-003",
        "slug": "keripik-pisang-manis-200-g",
        "group": "olahan-buah-rejokidal",
        "category": "keripik-camilan",
        "name": "Keripik Pisang Manis 200 g",
        "description": (
            "Pisang kepok diiris memanjang, digoreng, lalu diberi lapisan gula tipis. Kemasan 200 "
            "g, tahan dua bulan pada suhu ruang."
        ),
        "materials": "Pisang kepok, gula pasir, minyak sawit",
        "price": 18000,
        "stock": 100,
        "weight_grams": 240,
        "featured": False,
        "motif": "chips_bag",
        "color": "#e9c46a",
    },
    {
        "sku": "KDS-MKN-004",
        "slug": "sari-apel-kemasan-gelas-isi-24",
        "group": "olahan-buah-rejokidal",
        "category": "kopi-minuman",
        "name": "Sari Apel Kemasan Gelas isi 24",
        "description": (
            "Dua puluh empat gelas sari apel @ 120 ml dalam satu kardus, dibuat dari apel "
            "Poncokusumo yang diperas dan disaring. Rasanya segar, manis-asam, paling enak "
            "disajikan dingin. Tahan enam bulan sebelum dibuka."
        ),
        "materials": "Sari apel, air, gula, asam sitrat",
        "price": 45000,
        "stock": 60,
        "weight_grams": 3300,
        "featured": False,
        "motif": "cup",
        "color": "#f3d27a",
    },
    {
        "sku": "KDS-MKN-005",
        "slug": "dodol-apel-250-g",
        "group": "olahan-buah-rejokidal",
        "category": "keripik-camilan",
        "name": "Dodol Apel 250 g",
        "description": (
            "Dodol lembut dari bubur apel, tepung ketan dan gula kelapa yang dimasak berjam-jam "
            "sambil diaduk hingga kalis. Dipotong kecil dan dibungkus kertas minyak satu per satu "
            "dalam kotak 250 g. Tahan sekitar satu bulan."
        ),
        "materials": "Apel, tepung ketan, gula kelapa, santan",
        "price": 22000,
        "stock": 80,
        "weight_grams": 300,
        "featured": False,
        "motif": "snack_jar",
        "color": "#7a4a2a",
    },
    # Kelompok Tani Kopi Lereng Semeru
    {
        "sku": "KDS-KOP-001",
        "slug": "kopi-robusta-dampit-bubuk-250-g",
        "group": "kopi-lereng-semeru-dampit",
        "category": "kopi-minuman",
        "name": "Kopi Robusta Dampit Bubuk 250 g",
        "description": (
            "Kopi robusta dari kebun anggota kelompok di Dampit: dipetik merah, dijemur, disangrai "
            "medium-gelap dan digiling sedang. Rasanya cokelat pahit dengan sentuhan kacang, cocok "
            "untuk kopi tubruk atau mesin tetes. Kemasan kedap udara berkatup satu arah."
        ),
        "materials": "Kopi robusta 100%",
        "price": 45000,
        "stock": 90,
        "weight_grams": 300,
        "featured": True,
        "motif": "chips_bag",
        "color": "#4b2e1e",
    },
    {
        "sku": "KDS-KOP-002",
        "slug": "biji-kopi-robusta-dampit-sangrai-500-g",
        "group": "kopi-lereng-semeru-dampit",
        "category": "kopi-minuman",
        "name": "Biji Kopi Robusta Dampit Sangrai 500 g",
        "description": (
            "Biji kopi utuh sangrai medium untuk digiling sendiri sesaat sebelum diseduh. Cocok "
            "untuk espresso dan kopi susu karena badannya tebal. Tanggal sangrai tertera di "
            "kemasan; nikmati dalam satu bulan."
        ),
        "materials": "Biji kopi robusta",
        "price": 85000,
        "stock": 50,
        "weight_grams": 560,
        "featured": False,
        "motif": "chips_bag",
        "color": "#3b2416",
    },
    {
        "sku": "KDS-KOP-003",
        "slug": "kopi-lanang-dampit-200-g",
        "group": "kopi-lereng-semeru-dampit",
        "category": "kopi-minuman",
        "name": "Kopi Lanang Dampit 200 g",
        "description": (
            "Kopi lanang adalah biji tunggal yang bulat, disortir dengan tangan dan jumlahnya "
            "hanya sebagian kecil dari panen. Disangrai medium dan digiling sedang, rasanya lebih "
            "tajam dan harum. Kemasan 200 g."
        ),
        "materials": "Kopi robusta biji lanang",
        "price": 60000,
        "stock": 40,
        "weight_grams": 250,
        "featured": False,
        "motif": "chips_bag",
        "color": "#5a3825",
    },
    {
        "sku": "KDS-KOP-004",
        "slug": "kopi-robusta-proses-natural-250-g",
        "group": "kopi-lereng-semeru-dampit",
        "category": "kopi-minuman",
        "name": "Kopi Robusta Proses Natural 250 g",
        "description": (
            "Buah kopi merah dijemur utuh bersama kulitnya selama tiga sampai empat minggu sebelum "
            "dikupas, sehingga rasanya lebih manis dan beraroma buah. Sangrai medium, tersedia "
            "biji atau bubuk; pilih di catatan pesanan."
        ),
        "materials": "Kopi robusta",
        "price": 65000,
        "stock": 35,
        "weight_grams": 300,
        "featured": False,
        "motif": "chips_bag",
        "color": "#6f4e37",
    },
    {
        "sku": "KDS-KOP-005",
        "slug": "kopi-jahe-instan-isi-10-sachet",
        "group": "kopi-lereng-semeru-dampit",
        "category": "kopi-minuman",
        "name": "Kopi Jahe Instan isi 10 Sachet",
        "description": (
            "Sepuluh sachet kopi robusta Dampit yang dicampur jahe merah bubuk dan gula aren; "
            "cukup diseduh dengan 150 ml air panas. Menghangatkan badan di pagi atau malam hari. "
            "Tahan enam bulan."
        ),
        "materials": "Kopi robusta, jahe merah, gula aren",
        "price": 25000,
        "stock": 70,
        "weight_grams": 280,
        "featured": False,
        "motif": "chips_bag",
        "color": "#8b5e34",
    },
    # Batik Malangan Candirenggo
    {
        "sku": "KDS-BTK-001",
        "slug": "kain-batik-tulis-motif-kendedes",
        "group": "batik-malangan-candirenggo",
        "category": "batik-tekstil",
        "name": "Kain Batik Tulis Motif Kendedes",
        "description": (
            "Kain batik tulis 2 x 1,15 m dengan figur Ken Dedes yang digayakan di antara bunga "
            "teratai dan sulur, berwarna biru tua dan merah marun. Dibatik tangan di dua sisi "
            "dengan isen cecek dan sisik. Cuci dengan tangan memakai lerak; jangan disikat."
        ),
        "materials": "Katun primisima, malam, pewarna naptol dan indigosol",
        "price": 850000,
        "stock": 4,
        "weight_grams": 450,
        "featured": True,
        "motif": "batik_cloth",
        "color": "#2c3e70",
    },
    {
        "sku": "KDS-BTK-002",
        "slug": "kain-batik-tulis-candi-singosari",
        "group": "batik-malangan-candirenggo",
        "category": "batik-tekstil",
        "name": "Kain Batik Tulis Candi Singosari",
        "description": (
            "Batik tulis halus 2,2 x 1,15 m bergambar Candi Singosari, arca dwarapala dan pohon "
            "kalpataru dalam warna sogan gelap. Pengerjaannya hampir dua bulan. Hanya satu lembar; "
            "cocok untuk koleksi atau hiasan dinding berbingkai."
        ),
        "materials": "Katun primisima, malam, pewarna sogan",
        "price": 1150000,
        "stock": 1,
        "weight_grams": 450,
        "featured": False,
        "motif": "batik_cloth",
        "color": "#6b4423",
    },
    {
        "sku": "KDS-BTK-003",
        "slug": "kain-batik-cap-topeng-malangan",
        "group": "batik-malangan-candirenggo",
        "category": "batik-tekstil",
        "name": "Kain Batik Cap Topeng Malangan",
        "description": (
            "Kain batik cap 2 x 1,15 m dengan topeng Malangan yang berjajar miring di antara "
            "ornamen sulur, berwarna dasar kuning kunyit. Katun prima yang nyaman untuk kemeja "
            "maupun seragam. Cuci terpisah pada pencucian pertama."
        ),
        "materials": "Katun prima, malam, pewarna remasol",
        "price": 195000,
        "stock": 30,
        "weight_grams": 400,
        "featured": False,
        "motif": "batik_cloth",
        "color": "#d9a23a",
    },
    {
        "sku": "KDS-BJU-001",
        "slug": "kemeja-batik-cap-malangan-sulur-teratai",
        "group": "batik-malangan-candirenggo",
        "category": "busana-batik",
        "name": "Kemeja Batik Cap Malangan Sulur Teratai",
        "description": (
            "Kemeja pria lengan pendek dari batik cap bermotif sulur teratai khas Malangan, "
            "berwarna hijau botol. Potongan ramping dengan saku di dada kiri. Ukuran M sampai XXL."
        ),
        "materials": "Katun prima, batik cap",
        "price": 265000,
        "stock": 20,
        "weight_grams": 300,
        "featured": False,
        "motif": "batik_shirt",
        "color": "#2e5e4e",
    },
    {
        "sku": "KDS-BTK-004",
        "slug": "selendang-batik-cap-teratai-180-cm",
        "group": "batik-malangan-candirenggo",
        "category": "batik-tekstil",
        "name": "Selendang Batik Cap Teratai 180 cm",
        "description": (
            "Selendang katun paris 180 x 50 cm bermotif bunga teratai, tipis dan ringan untuk "
            "pelengkap kebaya atau penutup bahu. Tepinya dirapikan dengan jahitan halus. Warna "
            "merah muda lembut."
        ),
        "materials": "Katun paris, malam, pewarna remasol",
        "price": 150000,
        "stock": 25,
        "weight_grams": 120,
        "featured": False,
        "motif": "batik_cloth",
        "color": "#d98ba0",
    },
    # Kelompok Gerabah Jenggolo (UPK Kepanjen)
    {
        "sku": "KDS-GRB-001",
        "slug": "pot-gerabah-ukir-motif-sulur-25-cm",
        "group": "gerabah-jenggolo",
        "category": "gerabah",
        "name": "Pot Gerabah Ukir Motif Sulur 25 cm",
        "description": (
            "Pot tanah liat berdiameter 25 cm dengan ukiran sulur timbul di sekeliling badan, "
            "dibentuk di perbot lalu diukir saat setengah kering. Dibakar dengan jerami dan kayu "
            "sehingga warnanya merah bata berbercak gelap alami. Ada lubang air di dasar."
        ),
        "materials": "Tanah liat merah",
        "price": 65000,
        "stock": 25,
        "weight_grams": 2200,
        "featured": False,
        "motif": "pot",
        "color": "#b4532a",
    },
    {
        "sku": "KDS-GRB-002",
        "slug": "kendil-gerabah-masak-18-cm",
        "group": "gerabah-jenggolo",
        "category": "gerabah",
        "name": "Kendil Gerabah Masak 18 cm",
        "description": (
            "Kendil bertutup berdiameter 18 cm untuk memasak nasi liwet, sayur atau merebus jamu "
            "di atas api kecil. Sebelum dipakai pertama kali, rendam semalam lalu rebus air di "
            "dalamnya agar pori-porinya tertutup. Jangan dipanaskan dalam keadaan kosong."
        ),
        "materials": "Tanah liat merah",
        "price": 40000,
        "stock": 30,
        "weight_grams": 1500,
        "featured": False,
        "motif": "pot",
        "color": "#9c4a26",
    },
    {
        "sku": "KDS-GRB-003",
        "slug": "anglo-gerabah-tungku-arang",
        "group": "gerabah-jenggolo",
        "category": "gerabah",
        "name": "Anglo Gerabah Tungku Arang",
        "description": (
            "Anglo tradisional berdiameter atas 24 cm untuk membakar sate, memanggang jagung atau "
            "merebus dengan arang. Dindingnya tebal dan menahan panas, dengan lubang udara di "
            "bagian bawah. Gunakan di luar ruangan."
        ),
        "materials": "Tanah liat merah",
        "price": 55000,
        "stock": 15,
        "weight_grams": 3500,
        "featured": False,
        "motif": "pot",
        "color": "#8a3f22",
    },
    {
        "sku": "KDS-GRB-004",
        "slug": "celengan-gerabah-bentuk-ayam",
        "group": "gerabah-jenggolo",
        "category": "gerabah",
        "name": "Celengan Gerabah Bentuk Ayam",
        "description": (
            "Celengan ayam jago setinggi 20 cm dengan cat warna-warni cerah, tabungan yang akrab "
            "bagi anak-anak desa. Harus dipecah untuk mengambil isinya. Dikemas dengan kertas dan "
            "kardus tebal."
        ),
        "materials": "Tanah liat merah, cat poster",
        "price": 25000,
        "stock": 40,
        "weight_grams": 900,
        "featured": False,
        "motif": "pot",
        "color": "#e0662d",
    },
    {
        "sku": "KDS-GRB-005",
        "slug": "tempayan-air-gerabah-20-liter",
        "group": "gerabah-jenggolo",
        "category": "gerabah",
        "name": "Tempayan Air Gerabah 20 Liter",
        "description": (
            "Tempayan berisi sekitar 20 liter untuk menyimpan air minum agar tetap sejuk, atau "
            "sebagai wadah tanaman air dan ikan kecil. Tinggi 45 cm, dibuat dengan teknik pilin "
            "lalu dihaluskan di perbot. Dikemas dengan rangka kayu pelindung."
        ),
        "materials": "Tanah liat merah",
        "price": 175000,
        "stock": 3,
        "weight_grams": 9500,
        "featured": False,
        "motif": "pot",
        "color": "#a24b2a",
    },
]
