"""Every Dutch sentence the tool shows, in one catalogue (except the instrument's questions)."""

PHASE_TITLES = {
    "opzet": "Voorbereiding",
    "check-in": "Check-in",
    "proces-check": "Proces-check",
    "check-out": "Check-out",
}

ADDRESSEE_LABELS = {"ik": "ik", "wij": "wij", "ik & wij": "ik & wij"}

# Set-up steps: the label of the step and of each field.
SETUP = {
    "title": "Titel van het gesprek",
    "date": "Datum (JJJJ-MM-DD of DD-MM-JJJJ)",
    "partnership": "Partnerschap of school",
    "place": "Plaats of locatie (mag leeg)",
    "facilitator": "Naam van de procesbegeleider (leeg als er geen is)",
    "facilitator_external": "Is de procesbegeleider extern?",
    "participant_name": "Naam van deelnemer {n} (leeg = klaar)",
    "participant_name_first": "Naam van de eerste deelnemer",
    "participant_role": "Rol van {name}",
    "other_role": "Andere rol, namelijk",
    "minute_taker": "Wie legt verslag? (spreek dit samen af)",
    "data_what": "Welke data bespreken jullie? Bron {n} (leeg = klaar)",
    "data_what_first": "Welke data bespreken jullie? (bijv. NSE 2026, stagemonitor)",
    "data_source": "Waar komt deze data vandaan?",
    "data_period": "Over welke periode gaat het?",
}

SETUP_QUESTIONS = {
    "title": "Hoe heet dit gesprek?",
    "date": "Wanneer vindt het gesprek plaats?",
    "partnership": "Welk partnerschap of welke school voert dit gesprek?",
    "place": "Waar vindt het gesprek plaats?",
    "facilitator": "Wie begeleidt het gesprek?",
    "facilitator_external": "Komt de procesbegeleider van buiten het partnerschap?",
    "participants": "Wie zitten er aan tafel, en in welke rol?",
    "minute_taker": "Wie legt verslag?",
    "data": "Over welke data gaat het gesprek?",
}

FIELD = {
    "answer": "Antwoord",
    "explanation": "Toelichting (mag leeg)",
    "meaningful": "Betekenisvol gemaakt?",
    "answerable": "Kunnen we de vraag beantwoorden?",
    "reason": "Waarom?",
    "sharpened": "Aangescherpte vraag (leeg = vraag blijft zo)",
    "missing_data": "Welke data ontbreekt nog? (mag leeg)",
    "agreement_what": "Afspraak {n}: wat gaan we doen? (leeg = klaar)",
    "agreement_what_first": "Afspraak 1: wat gaan we doen? (leeg = geen afspraken)",
    "agreement_who": "Wie neemt dit op zich?",
    "agreement_who_other": "Naam",
    "agreement_due": "Wanneer klaar? (datum of omschrijving, mag leeg)",
    "silent_note": "Notitie voor het verslag (leeg = niets vastleggen)",
}

YES = "ja"
NOT_YET = "nog niet"
ANSWERABLE_OPTIONS = (YES, NOT_YET)
GROUP_LABEL = "de groep"
SOMEONE_ELSE = "iemand anders…"
OTHER_ROLE = "andere rol…"
NO_FACILITATOR_TAKER = "de procesbegeleider"

MEANINGFUL_LABELS = {"ja": "ja", "deels": "deels", "nee": "nee"}

KEYS_HINT = "Enter = volgende · /terug = vorige stap · Ctrl-C = pauze en opslaan"
# Each fits one line of an 80-column terminal.
KEYS_HINT_PASS = "Enter = volgende · /pas = overslaan · /terug = vorige · Ctrl-C = pauze, opslaan"
KEYS_HINT_SILENT = "Enter = verder · /terug = vorige stap · Ctrl-C = pauze en opslaan"

KEYS_HINT_LONG = "Lang antwoord: Enter = nieuwe regel · Esc, Enter (of Alt-Enter) = klaar"

OVER_TIME = "(over tijd)"

SILENT_CUE = "Stil moment: ieder denkt voor zichzelf na. Er wordt niets vastgelegd."
ALOUD_ROUND_CUE = "Hardop, iedereen om de beurt."
ALOUD_GROUP_CUE = "Hardop, één antwoord van de groep."

COMMAND_BACK = "/terug"
COMMAND_PASS = "/pas"

PASSED = "(past)"

# The verslag: labels that build_context puts in the context (the rest is in the templates).
REPORT = {
    "default_title": "Kwaliteitsgesprek over data",
    "facilitator": "Procesbegeleider",
    "participant": "deelnemer",
    "outsider": "iemand buiten de groep",
    "stopped_in_setup": "tijdens de voorbereiding",
    "stopped_in_phase": "in de {phase}",
    "stopped_in_round": "in de {phase}, ronde {round}",
}

SAVED_AND_STOPPED = "Gepauzeerd. Alles tot nu toe is opgeslagen in {path}."
HOW_TO_RESUME = "Verder gaan: kwaliteit resume {path}"
DRAFT_KEPT = "Het half getypte antwoord is ook bewaard: het staat klaar als je verdergaat."
COMPLETED = "Het gesprek is afgerond en opgeslagen in {path}."
HOW_TO_REPORT = "Verslag maken: kwaliteit report {path}"
NO_TERMINAL = "kwaliteit start heeft een terminal nodig om vragen te stellen."
NO_TERMINAL_HINT = (
    "Gebruik de scriptmodus: kwaliteit start --answers ANTWOORDEN.toml --output SESSIE.toml "
    "(zie docs/antwoordenbestand.md)."
)
EXISTS = "Het bestand {path} bestaat al."
EXISTS_HINT = "Kies een andere naam met --output, of gebruik --overschrijven."
OVERWRITE_QUESTION = "Het bestand {path} bestaat al. Overschrijven?"
NOT_OVERWRITTEN = "Niets overschreven."
ALREADY_COMPLETED = "Het gesprek in {path} is al afgerond."
ALREADY_COMPLETED_HINT = "Maak het verslag met: kwaliteit report {path}"
RESUMING = "Verder met het gesprek in {path}."
DATE_INVALID = "'{value}' is geen datum; schrijf bijvoorbeeld 2026-11-28 of 28-11-2026."
REQUIRED = "Dit mag niet leeg zijn."
CHOOSE_FROM = "Kies uit: {options}."

# Follow-up sessions (kwaliteit start --vervolg-op): looking back at the earlier agreements.
FOLLOW_UP_STATUS_LABELS = {"done": "gedaan", "under_way": "loopt nog", "dropped": "vervallen"}
FOLLOW_UP_FIELD = {
    "status": "Wat is ervan gekomen?",
    "note": "Toelichting (mag leeg)",
    "general_note": "Wat is er sinds het vorige gesprek gebeurd? (mag leeg)",
}
FOLLOW_UP_EARLIER = "Terugblik op het vorige gesprek: {title}{date}."
FOLLOW_UP_QUESTION_THEN = "Gezamenlijke vraag toen: {question}"
FOLLOW_UP_NO_AGREEMENTS = "Dat gesprek eindigde zonder afspraken."
FOLLOW_UP_AGREEMENT = "Afspraak {n} van {total}: {what}"
FOLLOW_UP_AGREEMENT_DETAIL = "Wie: {who} · Wanneer: {due}"
FOLLOW_UP_ASK = "Wat is er van deze afspraak gekomen?"
FOLLOW_UP_ASK_GENERAL = "Wat is er sindsdien met die vraag gebeurd?"
FOLLOW_UP_NO_DUE = "geen datum"
FOLLOW_UP_NOT_COMPLETED = (
    "Let op: het gesprek in {path} is nog niet afgerond; de terugblik gebruikt wat er tot nu toe "
    "is vastgelegd."
)

# Keeping the session safe: the lock, failed saves, emergency copies.
LOCK_TAKEN_OVER = (
    "Let op: er lag nog een slot van een eerder afgebroken sessie ({who}); dat is opgeheven."
)
NO_LOCK = (
    "Let op: naast {path} kan geen slotbestand worden gemaakt ({reason}). "
    "Open dit gesprek niet tegelijk in een ander venster."
)
LEFTOVER_REMOVED = (
    "Een half geschreven tijdelijk bestand van een eerdere onderbreking is opgeruimd."
)
PROGRESS = "Opgeslagen: stap {n} ({where})"
SAVE_FAILED = "Opslaan is niet gelukt: {message}"
SAVE_KEPT = "Alle antwoorden staan nog in het geheugen; het vorige opgeslagen bestand is heel."
SAVE_CHOICE_QUESTION = "Wat wil je doen?"
SAVE_CHOICE_RETRY = "Opnieuw proberen (bijvoorbeeld nadat je ruimte hebt gemaakt)"
SAVE_CHOICE_ELSEWHERE = "Op een andere plek opslaan…"
SAVE_CHOICE_LATER = "Doorgaan met het gesprek en na de volgende stap opnieuw proberen"
SAVE_CHOICE_STOP = "Stoppen en een noodkopie maken"
SAVE_ELSEWHERE_QUESTION = "Waar opslaan? (een pad naar een .toml-bestand)"
SAVED_ELSEWHERE = "Vanaf nu wordt het gesprek opgeslagen in {path}."
STILL_UNSAVED = "Let op: de laatste antwoorden zijn nog niet opgeslagen."
EMERGENCY_COPY = "De antwoorden tot nu toe staan in een noodkopie: {path}"
SAVE_STOPPED_HINT = (
    "Het vorige opgeslagen bestand is heel. De antwoorden tot nu toe staan in een noodkopie: "
    "{copy}\nVerder gaan: kwaliteit resume {copy}"
)
EMERGENCY_NOWHERE = (
    "Ook een noodkopie lukte nergens. Hieronder volgt het hele sessiebestand: "
    "kopieer het naar een nieuw bestand, bijvoorbeeld gesprek.toml."
)
STOPPED_UNSAVED = "Gestopt. Opslaan in {path} lukte niet."

# --- issue 13: the room view, the honest way out of the loop, ik & wij -------------------------

# The room view (kwaliteit scherm): what the group sees on the wall.
ROOM = {
    "completed": "Afgerond",
    "follow_up": "Terugblik op de afspraken van het vorige gesprek: wat is ervan gekomen?",
    "setup_cue": "De voorbereiding: wie er aan tafel zit en over welke data het gaat.",
}
ROOM_WRITTEN = (
    "Scherm voor de zaal geschreven naar {path}. Open het in een browser, op volledig scherm "
    "(meestal F11)."
)
ROOM_WRITE_FAILED = (
    "Let op: het scherm voor de zaal ({path}) kon niet worden bijgewerkt: {error}. "
    "Het gesprek gaat gewoon door."
)
ROOM_WRITTEN_AGAIN = "Het scherm voor de zaal ({path}) wordt weer bijgewerkt."
ROOM_NOT_WRITTEN = "Het scherm kon niet worden geschreven naar {path}."
ROOM_PATH_IS_FOLDER = "{path} is een map, geen bestand."
ROOM_NO_FOLDER = "De map voor {path} bestaat niet."
ROOM_NOT_HTML = "Het scherm voor de zaal is een webpagina; {path} eindigt niet op .html."
ROOM_PATH_HINT = (
    "Geef een bestandsnaam die eindigt op .html, in een bestaande map (bijvoorbeeld scherm.html)."
)
ROOM_ALREADY_COMPLETED = "Het gesprek is al afgerond; het scherm toont de eindstand."
ROOM_FOLLOWING = "Het scherm volgt {file}. Stoppen met Ctrl-C."
ROOM_STOPPED_FOLLOWING = "Gestopt met volgen. {path} blijft staan zoals het laatst was."
ROOM_CANNOT_READ = (
    "Let op: het sessiebestand is nu niet te lezen; het scherm wacht op de volgende versie."
)
ROOM_FOLLOW_DONE = "Het gesprek is afgerond; {path} toont de eindstand."

# The proces-check's three answers: yes, another round, or wrap up with the question open.
NOT_YET_ROUND = "nog niet: nog een ronde"
NOT_YET_WRAP_UP = "nog niet: we ronden af"
PROCESS_CHECK_OPTIONS = (YES, NOT_YET_ROUND, NOT_YET_WRAP_UP)
QUESTION_STILL_OPEN = "vraag nog open"
OPEN_QUESTION_NOTICE = (
    "De gezamenlijke vraag is vandaag nog niet te beantwoorden: we ronden af met de vraag open."
)
OPEN_QUESTION_JOINT_ANSWER = "Wat weten we al wel over de gezamenlijke vraag, en wat nog niet?"
MISSING_DATA_AGREEMENT = "Ontbrekende data verzamelen: {missing}"
FOLLOW_UP_OPEN_QUESTION = "Open vraag uit dat gesprek: {question}"
FOLLOW_UP_OPEN_OFFERED = (
    "Het vorige gesprek eindigde met deze vraag nog open; die staat hieronder klaar als "
    "gezamenlijke vraag. Neem hem over, scherp hem aan of kies een nieuwe."
)

# The preparation: the method's advice when no external procesbegeleider is named.
EXTERNAL_ADVICE = (
    "Tip: de werkwijze raadt aan de eerste keren te werken met een externe procesbegeleider, "
    "iemand van buiten het partnerschap die alleen het proces bewaakt, zodat iedereen aan tafel "
    "vrij kan meepraten."
)

# --- issue 14: anonymous means anonymous; files that cannot be turned against the user ---
NEUTRAL_LABEL = "Deelnemer {n}"
ANON_SOMEONE = "iemand"
ANON_AMBIGUOUS = "een deelnemer"
ANON_EARLIER_OWNER = "iemand uit het vorige gesprek"
ANON_NOTE = (
    "Dit verslag is anoniem: namen zijn vervangen door rollen. Let op: in een kleine groep "
    "kan een rol die maar één keer voorkomt toch naar één persoon wijzen, en namen van mensen "
    "die niet aan tafel zaten worden niet herkend. Lees het na voordat je het deelt."
)
ANON_NOTE_NEUTRAL = (
    "Dit verslag is anoniem: deelnemers staan er genummerd in, zonder naam en zonder rol. "
    "Namen van mensen die niet aan tafel zaten worden niet herkend, en in een kleine groep "
    "kan de inhoud zelf iemand verraden. Lees het na voordat je het deelt."
)
REPLACED_ON_DISK = (
    "Het sessiebestand {path} is intussen vervangen of veranderd door een ander programma "
    "(een synchronisatie, een tweede kopie, een teksteditor); het wordt niet overschreven."
)
REPLACED_ON_DISK_HINT = (
    "Sla op een andere plek op, of stop met een noodkopie, en vergelijk daarna de twee bestanden."
)
# --- issue 16: deelnemers op hun eigen telefoon (--deelnemers, kwaliteit deelnemers test) ---

ROOM_NO_ADDRESS = "Deze laptop heeft geen netwerk waarop telefoons hem kunnen bereiken."
ROOM_NO_ADDRESS_HINT = (
    "Verbind de laptop met de wifi van een reisrouter of met de hotspot van je telefoon, en "
    "probeer het opnieuw. Zie docs/deelnemers.md."
)
ROOM_BAD_ADDRESS = "Het adres '{wanted}' hoort niet bij deze laptop."
ROOM_BAD_ADDRESS_HINT = "Kies met --adres een van deze: {known}."
ROOM_NOTHING_KNOWN = "(geen gevonden)"
ROOM_CANNOT_LISTEN = "Op {address} kan geen webpagina worden aangeboden: {reason}"
ROOM_CANNOT_LISTEN_HINT = "Kies met --adres een ander adres, of zie docs/deelnemers.md."
ROOM_OPEN_NETWORK = (
    "Let op: dit wifi-netwerk heeft geen wachtwoord. Iedereen in de buurt kan meelezen wat de "
    "telefoons sturen. Gebruik liever een reisrouter of hotspot met een wachtwoord."
)
ROOM_PLAIN_HTTP = (
    "De telefoons praten zonder versleuteling (gewone http) met deze laptop, alleen binnen dit "
    "netwerk. Er gaat niets naar internet."
)
ROOM_SCAN = "Scan met de camera van je telefoon, of open in de browser:"
ROOM_CODE = "Code: {code}"
ROOM_CHECK_READY = "De testpagina staat klaar op {address} ({interface})."
ROOM_CHECK_ASK = (
    "Zet een telefoon op hetzelfde wifi-netwerk en scan de code. Ik wacht {wait} (stoppen: Ctrl-C)."
)
ROOM_CHECK_VISIT = "Gelukt: een telefoon heeft de testpagina geopend ({n}×)."
ROOM_CHECK_GREETING = "Gelukt: een telefoon heeft een groet gestuurd. Meedoen gaat werken."
ROOM_CHECK_NONE = "Geen telefoon heeft de testpagina bereikt."
ROOM_CHECK_NONE_HINT = (
    "Controleer: zit de telefoon op hetzelfde wifi-netwerk? Staat mobiele data uit (Android "
    "verlaat een wifi zonder internet)? Heeft Windows om toestemming voor Python gevraagd? Op "
    "school-wifi en eduroam kunnen apparaten elkaar vaak niet bereiken; neem dan een "
    "reisrouter of de hotspot van je telefoon. Zie docs/deelnemers.md. Het gesprek zelf werkt "
    "ook zonder telefoons: dan typ je alles zoals altijd."
)
ROOM_CHECK_STOPPED = "Test gestopt."
ROOM_TITLE = "Meedoen met je telefoon"
ROOM_JOINED = "Verbonden: {n} apparaten"
ROOM_NONE_JOINED = "Nog geen telefoons verbonden."
ROOM_OPEN = "Meedoen staat open."
ROOM_LOCKED = "Meedoen is gesloten: nieuwe telefoons kunnen er niet bij."
ROOM_STATUS = "Telefoons: {n} · {address} · code {code}"
ROOM_WHAT_NOW = "Wat nu?"
ROOM_CONTINUE = "Verder met het gesprek"
ROOM_REFRESH = "Vernieuwen (laat zien wat er binnen is)"
ROOM_LOCK = "Meedoen sluiten (er komen geen nieuwe telefoons meer bij)"
ROOM_UNLOCK = "Meedoen weer openen"
ROOM_REMOVE = "Een apparaat verwijderen…"
ROOM_WHICH_DEVICE = "Welk apparaat mag niet meer meedoen?"
ROOM_KEEP_ALL = "Geen: iedereen blijft"
ROOM_SHOW_QR = "QR-code en apparaten tonen"
ROOM_NOTE_ANONYMOUS = "Gedeelde notitie (zonder naam)"
ROOM_NOTE_FROM = "Gedeelde notitie van {name}"
ROOM_NOTE_QUESTION = "Bij de stille vraag: {question}"
ROOM_MORE_WAITING = " · nog {n} daarna"
ROOM_CORRECTION_FROM = "Verbetering van {name}"
ROOM_CORRECTION_NOW = "Nu staat er:"
ROOM_CORRECTION_NEW = "Voorgesteld:"
ROOM_DECIDE = "Komt dit in het verslag?"
ROOM_ACCEPT = "Ja, overnemen zoals het er staat"
ROOM_EDIT = "Eerst aanpassen…"
ROOM_REJECT = "Nee, niet overnemen"
ROOM_EDITED = "Aangepaste tekst (leeg = niet overnemen)"
ROOM_PROPOSALS = "Voorstellen voor de gezamenlijke vraag, met de stippen van de groep:"
ROOM_NO_PROPOSALS = (
    "Nog geen voorstellen. De deelnemers kunnen op hun telefoon een vraag voorstellen en drie "
    "stippen verdelen."
)
ROOM_TAKE_PROPOSAL = "Voorstel {n} nemen en samen bijschaven"
ROOM_OWN_QUESTION = "Zelf de vraag typen"
ROOM_VOTE_TITLE = (
    "Anonieme stemming: heeft het gesprek de data betekenisvol gemaakt voor je eigen praktijk?"
)
ROOM_VOTE_EXPLAIN = (
    "Ieder kiest op de eigen telefoon ja, deels of nee. De laptop telt alleen hoe vaak elk "
    "antwoord gekozen is, niet wie wat koos. De uitslag komt als je de stemming sluit. Let op: "
    "in een kleine groep is een eensgezinde uitslag geen geheim. Het hardop rondje hoort er "
    "daarna gewoon bij."
)
ROOM_VOTE_OPEN = "Stemming openen"
ROOM_VOTE_SKIP = "Geen stemming, meteen verder"
ROOM_VOTE_COUNT = "Gestemd: {n} (er zijn {devices} apparaten verbonden)"
ROOM_VOTE_CLOSE = "Stemming sluiten en de uitslag tonen"
ROOM_VOTE_RESULT = "Uitslag van de anonieme stemming:"
ROOM_VOTE_UNANIMOUS = "Iedereen koos hetzelfde: in deze groep weet nu ieder wat de ander stemde."
ROOM_CORRECT_TITLE = "Nalezen: klopt wat er onder ieders naam staat?"
ROOM_CORRECT_EXPLAIN = (
    "Iedereen kiest op de telefoon de eigen naam, leest wat het verslag zegt en kan een "
    "verbetering voorstellen. De verslaglegger beslist daarna over elke verbetering."
)
ROOM_CORRECT_COUNT = "Binnengekomen verbeteringen: {n}"
ROOM_CORRECT_DONE = "Klaar met nalezen: de verbeteringen bekijken"
ROOM_CORRECT_PHASE = "Nalezen"
ROOM_ADDRESS_ALONE = "--adres hoort bij --deelnemers."
ROOM_ADDRESS_ALONE_HINT = "Zet --deelnemers erbij, of laat --adres weg."
ROOM_NOT_SCRIPTED = "--deelnemers werkt alleen in een gesprek in de terminal, niet met --answers."
ROOM_NOT_SCRIPTED_HINT = "Laat --deelnemers of --answers weg."
COMMAND_ROOM = "/telefoons"
ROOM_STEP_STATUS = "{status} · {command}"
ROOM_MORE_PROPOSALS = "… en nog {n} met minder stippen (die staan op de telefoons)."
ROOM_QUIET = "(al {minutes} min stil)"

# --- issue 11: the conversation screen (pinned joint question, true hints, Dutch confirms) ---
JOINT_QUESTION_TITLE = "Gezamenlijke vraag"
TURN = "Aan de beurt: {name}"
WAITING = "Nog niet aan de beurt geweest: {names}"
ENTERED_SO_FAR = "Tot nu toe:"
ENTERED_SO_FAR_SOME = "Tot nu toe (de laatste):"
TIP_PREFIX = "Tip voor de begeleider: "
TIP_FOLDED = "Tip voor de begeleider: Ctrl-T = tonen"
KEY_ENTER_DONE = "Enter = klaar"
KEY_ENTER_ON = "Enter = verder"
KEY_NEWLINE = "Enter = nieuwe regel"
KEY_DONE_LONG = "Esc Enter = klaar"
KEY_SELECT = "↑↓ of cijfer = kiezen"
KEY_ENTER_CHOOSE = "Enter = bevestigen"
KEY_PASS = "/pas = overslaan"
KEY_BACK = "/terug = vorige"
KEY_PASS_LINE = "/pas op eigen regel = overslaan"
KEY_BACK_LINE = "/terug op eigen regel = vorige"
KEY_PASS_BACK_LINE = "/pas of /terug op eigen regel"
KEY_TIP = "Ctrl-T = tip"
KEY_PAUSE = "Ctrl-C = pauze"
CONFIRM_SUFFIX = "(j/n)"
CONFIRM_INVALID = "Typ j (ja) of n (nee)."
CHOOSE_FIRST = "Kies eerst met ↑↓ of een cijfer; Enter bevestigt de keuze."
BACK_REFUSED = "Terug kan hier niet: dit is de eerste stap van de fase."
PASS_REFUSED = "Passen kan alleen bij een vraag aan ieder persoonlijk."
DUTCH_MONTHS = (
    "januari",
    "februari",
    "maart",
    "april",
    "mei",
    "juni",
    "juli",
    "augustus",
    "september",
    "oktober",
    "november",
    "december",
)
DATE_INVALID_WORDS = (
    "'{value}' is geen datum; schrijf bijvoorbeeld 1 april 2027, 1-4-2027 of 2027-04-01."
)
KEY_YES_NO = "j = ja, n = nee"
JOINT_QUESTION_CHECK = "Staat de gezamenlijke vraag zo goed? (j = ja, verder · n = aanpassen)"
SILENCE_LEFT = "Stilte: nog {time}"
SILENCE_OVER = "De stilte is voorbij"
RESUME_HINT = "Verder gaan: {command}"
REPORT_HINT = "Verslag maken: {command}"
REPORT_HINT_DONE = "Maak het verslag met: {command}"
SAVE_STOPPED_HINT_AT = (
    "Het vorige opgeslagen bestand is heel. De antwoorden tot nu toe staan in een noodkopie: "
    "{copy}\nVerder gaan: {command}"
)
OVERWRITE_ASK = "Het bestand {path} bestaat al. Overschrijven? (j/n) "
SHARPENED_LABEL = "Aangescherpte vraag (pas de vraag hieronder aan, of laat hem zo staan)"
DATE_LABEL = "Datum (bijvoorbeeld 12 maart 2026 of 12-3-2026)"
MINUTE_TAKER_OTHER_NAME = "Naam van de verslaglegger"
MINUTE_TAKER_OTHER_ROLE = "Rol of functie van de verslaglegger (mag leeg)"
REVIEW_SETUP_QUESTION = "Klopt alles? Kijk de voorbereiding samen na voordat de check-in begint."
REVIEW_FINAL_QUESTION = (
    "Klopt alles? Kijk het antwoord en de afspraken na voordat het gesprek wordt afgerond."
)
REVIEW_FIELD = "Klopt het, of wat wil je aanpassen?"
REVIEW_SUMMARY = "Zo staat het nu:"
REVIEW_OK = "klopt, door naar de check-in"
REVIEW_FINISH = "klopt, gesprek afronden"
REVIEW_CHANGE = {
    "title": "titel aanpassen",
    "date": "datum aanpassen",
    "partnership": "partnerschap of school aanpassen",
    "place": "plaats aanpassen",
    "facilitator": "procesbegeleider aanpassen",
    "participants": "deelnemers en rollen aanpassen",
    "minute_taker": "verslaglegger aanpassen",
    "data": "data aanpassen",
    "absent": "afmeldingen aanpassen",
    "distribution": "verspreiding van het verslag aanpassen",
}
REVIEW_LABELS = {
    "title": "Titel",
    "date": "Datum",
    "partnership": "Partnerschap",
    "place": "Plaats",
    "facilitator": "Procesbegeleider",
    "participants": "Deelnemers",
    "minute_taker": "Verslaglegger",
    "data": "Data",
    "absent": "Afgemeld",
    "distribution": "Verslag gaat naar",
}
REVIEW_NOBODY = "geen"
REVIEW_EXTERNAL = "extern"
REVIEW_INTERNAL = "uit het partnerschap"
REVIEW_CHANGE_ANSWER = "antwoord op de gezamenlijke vraag aanpassen"
REVIEW_CHANGE_AGREEMENTS = "afspraken aanpassen"
REVIEW_ANSWER = "Antwoord op de gezamenlijke vraag"
REVIEW_AGREEMENT = "Afspraak"
REVIEW_NO_AGREEMENTS = "Geen afspraken."
FOLLOW_UP_TITLE = "Vervolg: {title}"
# --- issue 12: minutes a partnership sends out unchanged ---------------------------------
MINUTES_SETUP = {
    "absent": "Wie heeft zich afgemeld? (naam en rol, bijv. Joost Bakker (bestuurder); "
    "meerdere met ; ertussen; leeg = niemand)",
    "distribution": "Aan wie gaat het verslag? (bijv. stuurgroep; alle schoolopleiders; "
    "mag leeg blijven)",
}
MINUTES_SETUP_QUESTIONS = {
    "absent": "Wie had erbij willen zijn, maar heeft zich afgemeld?",
    "distribution": "Naar wie gaat het verslag straks?",
}
MINUTES_STEP = {
    # The missing data itself is typed text: it goes in the field, not in the question, which
    # the room view shows on the wall.
    "missing_data": "In ronde {round} ontbrak data om de vraag te beantwoorden. Maken we daar "
    "een afspraak van: wie zorgt ervoor, en wanneer?",
    "missing_who": "Wie zorgt voor “{what}”?",
    "missing_due": "Uiterlijk wanneer? (datum, of bijv. 'voor de zomervakantie')",
    "decisions": "Welke besluiten heeft de groep genomen? (los van de afspraken)",
    "decision": "Besluit {n} (leeg = klaar)",
    "decision_first": "Besluit 1 (leeg = geen besluiten)",
    "next_meeting": "Wanneer en waar is de volgende bijeenkomst, en wat nemen mensen mee?",
    "next_date": "Datum volgende bijeenkomst (DD-MM-JJJJ of omschrijving; leeg = nog niet bekend)",
    "next_place": "Plaats (mag leeg blijven)",
    "next_bring": "Wat nemen mensen mee? (mag leeg blijven)",
    "earlier_approved": "Is het verslag van het vorige gesprek vastgesteld?",
    "earlier_approved_field": "Vastgesteld?",
}
EARLIER_APPROVED_OPTIONS = ("ja", "nee", "weet niet")
VASTGESTELD = "Het verslag van {path} is vastgesteld op {date} door {by}."
VASTSTELLEN_NOT_DONE = "Het gesprek in {path} is nog niet afgerond."
VASTSTELLEN_NOT_DONE_HINT = "Rond het eerst af met: kwaliteit resume {path}"
NO_CHANGE = "Niets veranderd."
BEWERK_SAVED = "Opgeslagen in {path}: {count} {what} aangepast."
BEWERK_NOT_DONE = "Het gesprek in {path} is nog niet afgerond: bewerken kan na het gesprek."
BEWERK_NOT_DONE_HINT = "Ga verder met: kwaliteit resume {path}"
BEWERK_CHOOSE_GROUP = "Wat wil je aanpassen?"
BEWERK_CHOOSE_ITEM = "Welke?"
BEWERK_DONE = "Klaar: opslaan en stoppen"
BEWERK_BACK = "← terug"
BEWERK_NEW_TEXT = "Nieuwe tekst (leeg = laten staan)"
BEWERK_BAD_SET = "'{value}' is geen wijziging."
BEWERK_BAD_SET_HINT = 'Schrijf --zet SLEUTEL=TEKST, bijvoorbeeld --zet titel="NSE 2026".'
FORMAT_CONFLICT = "-f {fmt} en de bestandsnaam {path} spreken elkaar tegen."
FORMAT_CONFLICT_HINT = "Laat -f weg (het formaat volgt uit de naam), of kies een naam op .{fmt}."
DOCX_NEEDS_FILE = "Een Word-verslag kan niet op het scherm."
DOCX_NEEDS_FILE_HINT = "Geef een bestand op, bijvoorbeeld -o verslag.docx."
HUISSTIJL_ONLY_DOCX = "--huisstijl geldt alleen voor een Word-verslag."
HUISSTIJL_ONLY_DOCX_HINT = "Schrijf naar een .docx-bestand, of laat --huisstijl weg."
BEWERK_NO_TERMINAL = "kwaliteit bewerk heeft een terminal nodig om te vragen wat je wilt aanpassen."
BEWERK_NO_TERMINAL_HINT = (
    "Zonder terminal: kwaliteit bewerk SESSIE.toml --zet SLEUTEL=TEKST "
    "(alle sleutels: kwaliteit bewerk SESSIE.toml --lijst)."
)
