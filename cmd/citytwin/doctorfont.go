package main

import (
	"fmt"
	"os"
	"sort"
	"strings"

	"golang.org/x/image/font/gofont/goregular"
	"golang.org/x/image/font/sfnt"
)

// alphabets are the letters (lower and upper case) each interface language
// needs beyond ASCII, and its script's base letters where it is not Latin.
var alphabets = map[string]string{
	"en": "",
	"fr": "àâæçéèêëîïôœùûüÿÀÂÆÇÉÈÊËÎÏÔŒÙÛÜŸ«»€",
	"de": "äöüßÄÖÜ„“€",
	"es": "áéíñóúüÁÉÍÑÓÚÜ¿¡€",
	"ca": "àçéèíïòóúüÀÇÉÈÍÏÒÓÚÜ·€",
	"it": "àèéìòùÀÈÉÌÒÙ€",
	"pt": "áâãàçéêíóôõúÁÂÃÀÇÉÊÍÓÔÕÚ€",
	"nl": "éëïóöüÉËÏÓÖÜ€",
	"pl": "ąćęłńóśźżĄĆĘŁŃÓŚŹŻ€",
	"cs": "áčďéěíňóřšťúůýžÁČĎÉĚÍŇÓŘŠŤÚŮÝŽ€",
	"ro": "ăâîșțĂÂÎȘȚ€",
	"tr": "çğıöşüÇĞİÖŞÜ€",
	"sv": "åäöÅÄÖ€", "da": "æøåÆØÅ€", "nb": "æøåÆØÅ€", "no": "æøåÆØÅ€",
	"fi": "äöåÄÖÅ€", "hu": "áéíóöőúüűÁÉÍÓÖŐÚÜŰ€",
	"el": "αβγδεζηθικλμνξοπρστυφχψωάέήίόύώΑΒΓΔΕΖΗΘΙΚΛΜΝΞΟΠΡΣΤΥΦΧΨΩ",
	"ru": "абвгдеёжзийклмнопрстуфхцчшщъыьэюяАБВГДЕЁЖЗИЙКЛМНОПРСТУФХЦЧШЩЪЫЬЭЮЯ",
	"uk": "абвгґдеєжзиіїйклмнопрстуфхцчшщьюяАБВГҐДЕЄЖЗИІЇЙКЛМНОПРСТУФХЦЧШЩЬЮЯ",
	"bg": "абвгдежзийклмнопрстуфхцчшщъьюяАБВГДЕЖЗИЙКЛМНОПРСТУФХЦЧШЩЪЬЮЯ",
	"ar": "ابتثجحخدذرزسشصضطظعغفقكلمنهوي",
	"he": "אבגדהוזחטיכלמנסעפצקרשת",
	"hi": "अआइईउऊएऐओऔकखगघचछजझटठडढणतथदधनपफबभमयरलवशषसह",
	"zh": "的一是不了人我在有他这中大来上国个到说们为子和你地出道也时年得就那要下以生会自着去之过家学对可她里后小么心多天而能好都然没日于起还发成事只作当想看文无开手十用主行方又如前所本见经头面公同三已老从动两长知民样现分将外但身些与高意进把法此实回二理美点月明其种声全工己话儿者向情部正名定女问力机给等几很业最间新什打便位因重被走电四第门相次东政海口使教西再平真听世气信北少关并内加化由却代军产入先山五太水万市眼体别处总才场师书比住员九笑性通目华报立马命张活难神数件安表原车白应路期叫死常提感金何更反合放做系计或司利受光王果亲界及今京务制解各任至清物台象记边共风战干接它许八特觉望直服毛林题建南度统色字请交爱让认算论百吃义科怎元社术结六功指思非流每青管夫连远资队跟带花快条院变联言权往展该领传近留红治决周保达办运武半候七必城父强步完革深区即求品士转量空甚众技轻程告江语英基派满式李息写呢识极令黄德收脸钱党倒未持取设始版双历越史商千片容研像找友孩站广改议形委早房音火际则首单据导影失拿网香似斯专石若兵弟谁校读志飞观争究包组造落视济喜离虽坏兴",
	"ja": "あいうえおかきくけこさしすせそたちつてとなにぬねのはひふへほまみむめもやゆよらりるれろわをんアイウエオカキクケコサシスセソタチツテトナニヌネノハヒフヘホマミムメモヤユヨラリルレロワヲン日本語",
	"ko": "가나다라마바사아자차카타파하한국어",
}

// languageCode returns the language to check: flag, else $LC_ALL, $LC_MESSAGES
// or $LANG ("fr_FR.UTF-8" → "fr"), else "en".
func languageCode(flagValue string) string {
	for _, v := range []string{flagValue, os.Getenv("LC_ALL"), os.Getenv("LC_MESSAGES"), os.Getenv("LANG")} {
		if v == "" || v == "C" || v == "POSIX" || strings.HasPrefix(v, "C.") {
			continue
		}
		code := strings.ToLower(v)
		if i := strings.IndexAny(code, "_-.@"); i > 0 {
			code = code[:i]
		}
		return code
	}
	return "en"
}

// checkFont reports how much of the language's alphabet the viewer's
// embedded font (Go Regular) draws.
func (d *doctor) checkFont(lang string) {
	what := "font (" + lang + ")"
	letters, known := alphabets[lang]
	if !known {
		langs := make([]string, 0, len(alphabets))
		for k := range alphabets {
			langs = append(langs, k)
		}
		sort.Strings(langs)
		d.problem(what, "no alphabet known for language "+lang, "check the -lang code (known: "+strings.Join(langs, " ")+")")
		return
	}
	f, err := sfnt.Parse(goregular.TTF)
	if err != nil {
		d.problem(what, "the embedded font does not parse: "+err.Error(), "rebuild citytwin")
		return
	}
	var buf sfnt.Buffer
	var missing []rune
	total := 0
	for r := rune(0x20); r < 0x7f; r++ {
		letters += string(r)
	}
	seen := map[rune]bool{}
	for _, r := range letters {
		if seen[r] {
			continue
		}
		seen[r] = true
		total++
		if g, err := f.GlyphIndex(&buf, r); err != nil || g == 0 {
			missing = append(missing, r)
		}
	}
	if len(missing) == 0 {
		d.ok(what, fmt.Sprintf("the embedded font (Go Regular) draws all %d letters and signs", total))
		return
	}
	shown := string(missing)
	if len(missing) > 12 {
		shown = string(missing[:12]) + "…"
	}
	d.problem(what, fmt.Sprintf("the embedded font (Go Regular) lacks %d of %d letters and signs: %s", len(missing), total, shown),
		"the interface text in this language would show boxes: use a language the font covers (Latin, Greek, Cyrillic scripts)")
}
