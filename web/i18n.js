// Interface strings and locale-aware formatting for Fouille.
// Two dictionaries (fr, en); `t(key, vars)` looks a key up in the current
// language; values may be functions of `vars`. A message about a number of
// things holds a form per plural category (`one`, `other`), and
// `tCount(key, count, vars)` picks one through Intl.PluralRules.

import { workspaceStrings } from "./i18n-workspace.js";

const STORAGE_KEY = "fouille-lang";

export const dictionaries = {
  fr: {
    appTagline: "recherche dans les archives de courriels",
    skipToContent: "Aller au contenu",
    searchLabel: "Rechercher dans les messages",
    searchPlaceholder: "Rechercher… (par ex. budget from:dupre)",
    searchButton: "Rechercher",
    syntaxHelp: "Syntaxe",
    syntaxHelpTitle: "Aide à la syntaxe de recherche",
    syntaxRows: [
      ["élection financement", "les deux mots"],
      ["\"rapport annuel\"", "l’expression exacte"],
      ["élection OR scrutin", "l’un ou l’autre"],
      ["-sondage", "sans ce mot"],
      ["organi*", "mots commençant par « organi »"],
      ["from:dupre  to:claire", "expéditeur, destinataire"],
      ["subject:budget", "dans l’objet"],
      ["filename:contrat*", "nom de pièce jointe"],
      ["lang:fr", "langue détectée"],
      ["after:2017-03-01 before:2017-03", "période (jours entiers, UTC)"],
      ["tag:\"à vérifier\"  is:starred", "étiquette de l’équipe, mes favoris"],
      ["has:note  note:source", "annotés, texte des notes"],
      ["budjet~  budjet~2", "à une lettre près (deux pour les mots longs), à deux près"],
      ["\"rapport financier\"~3", "les mots à trois déplacements au plus, dans un ordre ou l’autre"],
      ["new:vendredi", "dans le texte propre du message, hors citations"],
      ["quoted:vendredi", "seulement dans le texte cité (réponses, transferts)"],
      ["iban:FR7630006000011234567890189", "mentionne cet IBAN (espaces ignorés)"],
      ["phone:+33612345678", "mentionne ce numéro, quelle que soit sa forme écrite"],
      ["siren:732829320  siret:73282932000074", "mentionne ce SIREN, ce SIRET (un SIRET vaut aussi son SIREN)"],
      ["link:exemple.fr", "contient un lien vers ce site ou l’un de ses sous-domaines"],
      ["mentions:jean@exemple.fr", "cite cette adresse dans le texte"],
    ],
    languageSwitch: "Langue de l’interface",
    switchToFr: "Interface en français",
    switchToEn: "Interface en anglais",
    loading: "Chargement…",
    // Search page
    total: { one: ({ n, ms }) => `${n} résultat · ${ms} ms`, other: ({ n, ms }) => `${n} résultats · ${ms} ms` },
    totalAria: "Nombre de résultats",
    sortLabel: "Trier par",
    sortRelevance: "pertinence",
    sortNewest: "plus récents",
    sortOldest: "plus anciens",
    results: "Résultats",
    noResults: "Aucun résultat ne correspond à cette recherche.",
    noSubject: "(sans objet)",
    unknownSender: "(expéditeur inconnu)",
    noDate: "sans date",
    hasAttachments: { one: ({ n }) => `${n} pièce jointe`, other: ({ n }) => `${n} pièces jointes` },
    previous: "← Précédent",
    next: "Suivant →",
    previousPage: "Page précédente",
    nextPage: "Page suivante",
    pageOf: ({ page, pages }) => `Page ${page} sur ${pages}`,
    pagingLimit: "Seuls les 10 000 premiers résultats sont consultables ; utilisez l’export pour le reste.",
    exportCsv: "Export CSV",
    exportMbox: "Export mbox",
    exportLabel: "Exporter tous les résultats",
    warnings: "Parties de la requête ignorées :",
    filters: "Filtres",
    showFilters: "Afficher les filtres",
    activeFilters: "Filtres actifs",
    clearFilters: "Tout effacer",
    removeFilter: ({ label }) => `Retirer le filtre ${label}`,
    facetFrom: "Expéditeur",
    facetTo: "Destinataire",
    facetDomain: "Domaine de l’expéditeur",
    facetLang: "Langue",
    facetKind: "Type",
    facetFiletype: "Type de fichier",
    facetExtraction: "Extraction du texte",
    facetDkim: "Signature DKIM",
    facetAuthor: "Auteur (métadonnées)",
    facetSoftware: "Logiciel",
    facetClient: "Messagerie d’envoi",
    facetAttachments: "Pièces jointes",
    withAttachments: "avec pièces jointes",
    withoutAttachments: "sans pièce jointe",
    facetPeriod: "Période",
    periodFrom: "Du",
    periodTo: "au",
    apply: "Appliquer",
    addFilter: ({ label, value }) => `Filtrer : ${label} = ${value}`,
    noValues: "—",
    histogram: "Résultats par mois",
    histogramHelp: "Cliquez sur un mois, ou faites glisser d’un mois à un autre, pour filtrer la période.",
    histogramBar: {
      one: ({ month, n }) => `${month}\u00a0: ${n} résultat`,
      other: ({ month, n }) => `${month}\u00a0: ${n} résultats`,
    },
    undetermined: "indéterminée",
    kind_email: "courriel",
    kind_attachment: "pièce jointe",
    kind_document: "document",
    filetype_email: "courriel",
    extraction_text: "texte extrait",
    extraction_empty: "sans texte",
    extraction_encrypted: "chiffré",
    extraction_failed: "échec de l’extraction",
    extraction_unsupported: "format non pris en charge",
    extraction_ocr: "texte reconnu (OCR)",
    "extraction_ocr-pending": "en attente d’OCR",
    "extraction_no-text": "image sans texte",
    dkim_pass: "vérifiée",
    dkim_partial: "vérifiée en partie",
    dkim_fail: "altéré après signature",
    dkim_nokey: "clé inconnue",
    dkim_invalid: "signature invalide",
    dkim_none: "non signé",
    dkim_unverifiable: "invérifiable (sans octets d’origine)",
    verdictVerified: "vérifié",
    verdictPartial: "vérifié en partie",
    verdictAltered: "altéré",
    verdictUnknown: "impossible à dire",
    dkimBadgeTitle: ({ outcome }) => `Signature DKIM\u00a0: ${outcome}`,
    provenance: "Provenance",
    provenanceRoute: "Trajet du message, du premier serveur au dernier",
    hopFrom: "De",
    hopBy: "Reçu par",
    hopWith: "Protocole",
    hopTime: "Heure",
    hopDelay: "Délai",
    delayUnits: ["s", "min", "h", "j"],
    noHops: "Aucun en-tête Received\u00a0: le trajet du message est inconnu.",
    hopsLeftOut: ({ n }) => `${n} en-têtes Received plus anciens ne sont pas affichés.`,
    sentWith: "Logiciel d’envoi\u00a0:",
    noAnomalies: "Aucune anomalie dans les en-têtes.",
    anomaly_duplicate_header: "Un en-tête qui ne doit figurer qu’une fois apparaît plusieurs fois (un From non signé ajouté au-dessus du From signé est la falsification classique).",
    anomaly_date_outside_received: "La date du message tombe hors de la période où les serveurs l’ont reçu.",
    anomaly_message_id_host: "L’identifiant du message (Message-ID) a été créé sur une machine sans lien avec l’expéditeur ni avec les serveurs du trajet.",
    anomaly_from_return_path_mismatch: "Le domaine de l’expéditeur (From) diffère de celui de l’adresse de retour (Return-Path) ou de l’en-tête Sender.",
    anomaly_received_time_reversed: "Un serveur date sa réception d’avant l’envoi par le serveur précédent.",
    dkimHeading: "Signature DKIM\u00a0:",
    dkimKeyBits: ({ n }) => `clé de ${n}\u00a0bits`,
    dkimAligned: "même domaine que l’expéditeur",
    dkimNotAligned: "domaine différent de l’expéditeur",
    dkimExpired: "signature expirée (vérifiée quand même)",
    dkimBody: ({ signed, total }) => `corps signé\u00a0: ${signed} octets sur ${total}`,
    dkimSignedAt: ({ d }) => `signée le ${d}`,
    dkimAfterDate: ({ delay }) => `signée ${delay} après l’en-tête Date`,
    arcHeading: "Chaîne ARC\u00a0:",
    arcSealers: ({ list }) => `scellée par ${list}`,
    dkimKeySource: ({ source }) => `clé\u00a0: ${source}`,
    dkimHeaders: ({ list }) => `En-têtes signés\u00a0: ${list}`,
    labelValue: ({ label, value }) => `${label}\u00a0: ${value}`,
    chipFrom: "de",
    chipTo: "à",
    chipDomain: "domaine",
    chipLang: "langue",
    chipKind: "type",
    chipFiletype: "fichier",
    chipExtraction: "extraction",
    chipDkim: "DKIM",
    chipAuthor: "auteur",
    chipSoftware: "logiciel",
    chipClient: "messagerie",
    chipDate: "date",
    chipAttachments: "pièces jointes",
    chipWith: "avec",
    chipWithout: "sans",
    since: ({ d }) => `depuis le ${d}`,
    until: ({ d }) => `jusqu’au ${d}`,
    hitIn: "dans\u00a0:",
    unnamedFile: "(fichier sans nom)",
    fileIcon: ({ type }) => `Fichier ${type}`,
    // Reader
    back: "← Retour",
    backLabel: "Retour à la recherche",
    from: "De",
    to: "À",
    cc: "Cc",
    bcc: "Cci",
    replyTo: "Répondre à",
    date: "Date",
    language: "Langue",
    dateAsWritten: ({ d }) => `En-tête Date d’origine : ${d}`,
    showPlainText: "Afficher le texte brut",
    showHtml: "Afficher la version HTML",
    htmlFrameTitle: "Corps HTML du message (isolé)",
    htmlOmitted: ({ reason }) => `Version HTML non affichée (${reason}).`,
    quotedText: "Afficher le texte cité",
    emptyBody: "(message sans texte)",
    attachments: "Pièces jointes",
    download: ({ name }) => `Télécharger ${name}`,
    actions: "Actions",
    viewSource: "Voir la source",
    permalink: "Lien permanent",
    copy: "Copier",
    copyLabel: "Copier le lien permanent",
    copied: "Copié !",
    copyFailed: "Copie impossible",
    searchSender: "Chercher cet expéditeur",
    viewThread: "Voir la conversation",
    openMessage: "Ouvrir le message",
    allHeaders: "Tous les en-têtes",
    sources: "Fichiers d’origine",
    sourceMessageId: "Message-ID de cette copie",
    size: "Taille",
    attachmentText: "Texte extrait",
    openDocument: "ouvrir",
    openDocumentLabel: ({ name }) => `Ouvrir le document ${name}`,
    textCut: "Texte coupé : ouvrez le document pour le lire en entier.",
    carried: "Messages transférés",
    forwardedInside: "Transféré dans un autre message :",
    openCarrying: "ouvrir le message qui le contient",
    // Document
    fileKind: "Nature",
    fileType: "Type de fichier",
    mimeType: "Type MIME",
    extraction: "Extraction",
    path: "Chemin",
    attachedTo: "Joint au message",
    inArchive: "Dans l’archive",
    downloadFile: "Télécharger le fichier",
    members: "Contenu de l’archive",
    extractedText: "Texte extrait",
    metadata: "Métadonnées",
    metadataNote: "Ce que le fichier dit de lui-même : son auteur a pu l’écrire comme il voulait.",
    metaTitle: "Titre",
    metaAuthors: "Auteurs",
    metaLastEditor: "Dernier enregistrement par",
    metaSoftware: "Logiciels",
    metaCamera: "Appareil photo",
    metaCompany: "Société",
    metaTemplate: "Modèle",
    metaRevision: "Révision",
    metaCreated: "Créé le",
    metaModified: "Modifié le",
    metaSearchAuthor: ({ value }) => `Chercher les documents où figure ${value}`,
    metaSearchSoftware: ({ value }) => `Chercher les documents faits avec ${value}`,
    noTextEmpty: "Aucun texte n’a été trouvé dans ce fichier.",
    noTextEncrypted: "Ce fichier est chiffré : son texte n’a pas pu être lu.",
    noTextFailed: "L’extraction du texte a échoué.",
    noTextUnsupported: "Ce format de fichier n’est pas pris en charge : aucun texte extrait.",
    noTextOcrPending: "Ce fichier n’a de texte qu’en pixels : il attend l’OCR (fouille ocr).",
    noTextNoText: "L’OCR n’a trouvé aucun texte : une photographie, un dessin ou une page blanche.",
    ocrNote: ({ confidence }) =>
      confidence == null
        ? "Texte reconnu par OCR dans les pixels : il peut contenir des erreurs de lecture."
        : `Texte reconnu par OCR dans les pixels (confiance moyenne ${confidence} %) : il peut contenir des erreurs de lecture.`,
    textTruncated: "Le texte a été coupé à la limite d’extraction : la fin du fichier n’est pas indexée.",
    otherVersions: { one: ({ n }) => `${n} autre version`, other: ({ n }) => `${n} autres versions` },
    versionsHint: "Documents au texte presque identique, aux octets différents (copies modifiées), du plus proche au moins proche.",
    similarityShare: ({ p }) => `semblable à ${p}`,
    compare: "Comparer",
    compareWith: ({ name }) => `Comparer avec ${name}`,
    diffLoading: "Comparaison…",
    diffFailed: "L’autre version n’a pas pu être lue.",
    diffHeading: ({ name }) => `Différences avec ${name}`,
    diffLegendDel: "barré : seulement dans ce document",
    diffLegendIns: "souligné : seulement dans l’autre version",
    diffSame: "Les deux textes ont les mêmes mots ; seuls les espaces ou les octets du fichier diffèrent.",
    diffTooDifferent: "Trop de différences pour les montrer mot à mot.",
    diffTooLong: ({ n, max }) => `Texte trop long pour une comparaison mot à mot (${n} mots ; limite : ${max}).`,
    // Thread
    thread: "Conversation",
    threadCount: { one: ({ n }) => `${n} message`, other: ({ n }) => `${n} messages` },
    threadShown: {
      one: ({ n, total }) => `${n} message affiché sur ${total}`,
      other: ({ n, total }) => `${n} messages affichés sur ${total}`,
    },
    threadShowMore: {
      one: ({ n }) => `Afficher ${n} message de plus`,
      other: ({ n }) => `Afficher ${n} messages de plus`,
    },
    threadOpenFar: "Le message demandé est plus loin dans la conversation :",
    // Errors
    errorTitle: "Erreur",
    dismiss: "Fermer",
    error_bad_parameter: "Paramètre invalide",
    error_bad_id: "Identifiant invalide",
    error_not_found: "Introuvable",
    error_method_not_allowed: "Méthode non autorisée",
    error_request_too_large: "Requête trop longue",
    error_query_too_long: "Recherche trop longue",
    error_internal: "Erreur interne du serveur",
    error_unavailable: "Serveur indisponible, réessayez dans un instant",
    error_network: "Le serveur ne répond pas",
    error_http: ({ status }) => `Réponse inattendue du serveur (HTTP ${status})`,
    notFoundPage: "Cette page n’existe pas.",
    goHome: "Retour à la recherche",
    // Correspondents
    viewTabs: "Vues de la recherche",
    viewResults: "Résultats",
    viewCorrespondents: "Correspondants",
    correspondentsTitle: "Correspondants",
    corrEmails: { one: ({ n }) => `${n} courriel`, other: ({ n }) => `${n} courriels` },
    corrPairs: { one: ({ n }) => `${n} paire`, other: ({ n }) => `${n} paires` },
    corrShowing: {
      one: ({ n, total }) => `la paire la plus fréquente sur ${total}`,
      other: ({ n, total }) => `les ${n} paires les plus fréquentes sur ${total}`,
    },
    corrNone: "Aucun courriel de cette recherche n’a d’expéditeur et de destinataire.",
    corrLimit: "Paires affichées",
    corrFit: "Recentrer",
    corrGraphLabel: ({ nodes, edges }) => `Graphe des correspondants\u00a0: ${nodes} adresses, ${edges} paires. Le tableau qui suit donne les mêmes paires.`,
    corrGraphHelp: "Cliquez sur une flèche pour voir les courriels de cette paire, sur une adresse pour voir ceux qu’elle a envoyés (ou reçus, si elle n’en a envoyé aucun).",
    corrGraphFailed: "Le graphe n’a pas pu être dessiné ; le tableau donne les mêmes paires.",
    corrPairsCaption: "Paires expéditeur → destinataire, les plus fréquentes d’abord",
    corrSender: "Expéditeur",
    corrRecipient: "Destinataire",
    corrCount: "Courriels",
    corrPairLink: {
      one: ({ n, from, to }) => `${n} courriel de ${from} à ${to}`,
      other: ({ n, from, to }) => `${n} courriels de ${from} à ${to}`,
    },
    corrEdgeTitle: {
      one: ({ n, from, to }) => `${from} → ${to}\u00a0: ${n} courriel`,
      other: ({ n, from, to }) => `${from} → ${to}\u00a0: ${n} courriels`,
    },
    corrNodeTitle: ({ address, sent, received }) => `${address}\u00a0: envoyés ${sent}, reçus ${received}`,
    corrAddresses: { one: ({ n }) => `${n} adresse`, other: ({ n }) => `${n} adresses` },
    corrAddress: "Adresse",
    corrSent: "Envoyés",
    corrReceived: "Reçus",
    corrSentLink: {
      one: ({ n, address }) => `${n} courriel envoyé par ${address}`,
      other: ({ n, address }) => `${n} courriels envoyés par ${address}`,
    },
    corrReceivedLink: {
      one: ({ n, address }) => `${n} courriel reçu par ${address}`,
      other: ({ n, address }) => `${n} courriels reçus par ${address}`,
    },
    // Quoted text
    ignoreQuotes: "Ignorer le texte cité",
    ignoreQuotesHint: "Les mots des citations (réponses, transferts, paragraphes repris) ne comptent plus.",
    quotedLines: { one: ({ n }) => `Texte cité (${n} ligne)`, other: ({ n }) => `Texte cité (${n} lignes)` },
    // Entities
    entities: "Entités",
    entity_ibans: "IBAN",
    entity_phones: "Téléphones",
    entity_sirens: "SIREN",
    entity_sirets: "SIRET",
    entity_emails: "Adresses citées",
    entity_domains: "Liens vers",
    entitySearch: ({ value }) => `Rechercher ${value}`,
    facetIban: "IBAN",
    facetPhone: "Téléphone",
    facetSiren: "SIREN",
    facetSiret: "SIRET",
    facetLink: "Liens vers",
    facetMention: "Adresses citées",
    chipIban: "IBAN",
    chipPhone: "téléphone",
    chipSiren: "SIREN",
    chipSiret: "SIRET",
    chipLink: "lien vers",
    chipMention: "adresse citée",
    sizeUnits: ["o", "ko", "Mo", "Go"],
  },
  en: {
    appTagline: "email archive search",
    skipToContent: "Skip to content",
    searchLabel: "Search messages",
    searchPlaceholder: "Search… (e.g. budget from:dupre)",
    searchButton: "Search",
    syntaxHelp: "Syntax",
    syntaxHelpTitle: "Search syntax help",
    syntaxRows: [
      ["election funding", "both words"],
      ["\"annual report\"", "the exact phrase"],
      ["election OR ballot", "either word"],
      ["-poll", "without this word"],
      ["organi*", "words starting with “organi”"],
      ["from:dupre  to:claire", "sender, recipient"],
      ["subject:budget", "in the subject"],
      ["filename:contract*", "attachment name"],
      ["lang:en", "detected language"],
      ["after:2017-03-01 before:2017-03", "date range (whole days, UTC)"],
      ["tag:\"to check\"  is:starred", "team tag, my starred"],
      ["has:note  note:source", "annotated, text of the notes"],
      ["budjet~  budjet~2", "one letter off (two for long words), up to two"],
      ["\"financial report\"~3", "the words within three moves, in either order"],
      ["new:friday", "in the message’s own text, not in quotes"],
      ["quoted:friday", "only in quoted text (replies, forwards)"],
      ["iban:FR7630006000011234567890189", "mentions this IBAN (spaces ignored)"],
      ["phone:+33612345678", "mentions this number, however it is written"],
      ["siren:732829320  siret:73282932000074", "mentions this SIREN, this SIRET (a SIRET counts as its SIREN too)"],
      ["link:example.com", "links to this site or a subdomain of it"],
      ["mentions:jean@example.com", "mentions this address in the text"],
    ],
    languageSwitch: "Interface language",
    switchToFr: "French interface",
    switchToEn: "English interface",
    loading: "Loading…",
    total: { one: ({ n, ms }) => `${n} result · ${ms} ms`, other: ({ n, ms }) => `${n} results · ${ms} ms` },
    totalAria: "Number of results",
    sortLabel: "Sort by",
    sortRelevance: "relevance",
    sortNewest: "newest first",
    sortOldest: "oldest first",
    results: "Results",
    noResults: "Nothing matches this search.",
    noSubject: "(no subject)",
    unknownSender: "(unknown sender)",
    noDate: "no date",
    hasAttachments: { one: ({ n }) => `${n} attachment`, other: ({ n }) => `${n} attachments` },
    previous: "← Previous",
    next: "Next →",
    previousPage: "Previous page",
    nextPage: "Next page",
    pageOf: ({ page, pages }) => `Page ${page} of ${pages}`,
    pagingLimit: "Only the first 10,000 results can be browsed; use the export for the rest.",
    exportCsv: "Export CSV",
    exportMbox: "Export mbox",
    exportLabel: "Export every result",
    warnings: "Parts of the query were ignored:",
    filters: "Filters",
    showFilters: "Show filters",
    activeFilters: "Active filters",
    clearFilters: "Clear all",
    removeFilter: ({ label }) => `Remove filter ${label}`,
    facetFrom: "Sender",
    facetTo: "Recipient",
    facetDomain: "Sender domain",
    facetLang: "Language",
    facetKind: "Kind",
    facetFiletype: "File type",
    facetExtraction: "Text extraction",
    facetDkim: "DKIM signature",
    facetAuthor: "Author (metadata)",
    facetSoftware: "Software",
    facetClient: "Mail client",
    facetAttachments: "Attachments",
    withAttachments: "with attachments",
    withoutAttachments: "without attachments",
    facetPeriod: "Period",
    periodFrom: "From",
    periodTo: "to",
    apply: "Apply",
    addFilter: ({ label, value }) => `Filter: ${label} = ${value}`,
    noValues: "—",
    histogram: "Results per month",
    histogramHelp: "Click a month, or drag from one month to another, to filter the period.",
    histogramBar: { one: ({ month, n }) => `${month}: ${n} result`, other: ({ month, n }) => `${month}: ${n} results` },
    undetermined: "undetermined",
    kind_email: "email",
    kind_attachment: "attachment",
    kind_document: "document",
    filetype_email: "email",
    extraction_text: "text extracted",
    extraction_empty: "no text",
    extraction_encrypted: "encrypted",
    extraction_failed: "extraction failed",
    extraction_unsupported: "unsupported format",
    extraction_ocr: "text recognised (OCR)",
    "extraction_ocr-pending": "waiting for OCR",
    "extraction_no-text": "image without text",
    dkim_pass: "verified",
    dkim_partial: "partly verified",
    dkim_fail: "altered after signing",
    dkim_nokey: "key unknown",
    dkim_invalid: "invalid signature",
    dkim_none: "not signed",
    dkim_unverifiable: "cannot tell (no original bytes)",
    verdictVerified: "verified",
    verdictPartial: "partly verified",
    verdictAltered: "altered",
    verdictUnknown: "cannot tell",
    dkimBadgeTitle: ({ outcome }) => `DKIM signature: ${outcome}`,
    provenance: "Provenance",
    provenanceRoute: "Route of the message, from the first server to the last",
    hopFrom: "From",
    hopBy: "Received by",
    hopWith: "Protocol",
    hopTime: "Time",
    hopDelay: "Delay",
    delayUnits: ["s", "min", "h", "d"],
    noHops: "No Received headers: the message's route is unknown.",
    hopsLeftOut: ({ n }) => `${n} older Received headers are not shown.`,
    sentWith: "Sent with:",
    noAnomalies: "No anomaly in the headers.",
    anomaly_duplicate_header: "A header that must appear once appears several times (an unsigned From added above the signed one is the classic forgery).",
    anomaly_date_outside_received: "The message's Date lies outside the time the servers received it.",
    anomaly_message_id_host: "The Message-ID was made on a machine unrelated to the sender and to the servers on the route.",
    anomaly_from_return_path_mismatch: "The From domain differs from the Return-Path or Sender domain.",
    anomaly_received_time_reversed: "A server dates its receipt before the previous server sent the message.",
    dkimHeading: "DKIM signature:",
    dkimKeyBits: ({ n }) => `${n}-bit key`,
    dkimAligned: "same domain as the sender",
    dkimNotAligned: "not the sender's domain",
    dkimExpired: "signature expired (checked all the same)",
    dkimBody: ({ signed, total }) => `body signed: ${signed} of ${total} bytes`,
    dkimSignedAt: ({ d }) => `signed ${d}`,
    dkimAfterDate: ({ delay }) => `signed ${delay} after the Date header`,
    arcHeading: "ARC chain:",
    arcSealers: ({ list }) => `sealed by ${list}`,
    dkimKeySource: ({ source }) => `key: ${source}`,
    dkimHeaders: ({ list }) => `Signed headers: ${list}`,
    labelValue: ({ label, value }) => `${label}: ${value}`,
    chipFrom: "from",
    chipTo: "to",
    chipDomain: "domain",
    chipLang: "language",
    chipKind: "kind",
    chipFiletype: "file type",
    chipExtraction: "extraction",
    chipDkim: "DKIM",
    chipAuthor: "author",
    chipSoftware: "software",
    chipClient: "client",
    chipDate: "date",
    chipAttachments: "attachments",
    chipWith: "with",
    chipWithout: "without",
    since: ({ d }) => `since ${d}`,
    until: ({ d }) => `until ${d}`,
    hitIn: "in:",
    unnamedFile: "(unnamed file)",
    fileIcon: ({ type }) => `${type} file`,
    back: "← Back",
    backLabel: "Back to the search",
    from: "From",
    to: "To",
    cc: "Cc",
    bcc: "Bcc",
    replyTo: "Reply-To",
    date: "Date",
    language: "Language",
    dateAsWritten: ({ d }) => `Date header as written: ${d}`,
    showPlainText: "Show plain text",
    showHtml: "Show HTML version",
    htmlFrameTitle: "Message HTML body (sandboxed)",
    htmlOmitted: ({ reason }) => `HTML version not shown (${reason}).`,
    quotedText: "Show quoted text",
    emptyBody: "(no text in this message)",
    attachments: "Attachments",
    download: ({ name }) => `Download ${name}`,
    actions: "Actions",
    viewSource: "View source",
    permalink: "Permalink",
    copy: "Copy",
    copyLabel: "Copy the permalink",
    copied: "Copied!",
    copyFailed: "Could not copy",
    searchSender: "Search this sender",
    viewThread: "View thread",
    openMessage: "Open message",
    allHeaders: "All headers",
    sources: "Source files",
    sourceMessageId: "Message-ID of this copy",
    size: "Size",
    attachmentText: "Extracted text",
    openDocument: "open",
    openDocumentLabel: ({ name }) => `Open the document ${name}`,
    textCut: "Text cut, open the document for all of it.",
    carried: "Forwarded messages",
    forwardedInside: "Forwarded inside another message:",
    openCarrying: "open the carrying message",
    fileKind: "Kind",
    fileType: "File type",
    mimeType: "MIME type",
    extraction: "Extraction",
    path: "Path",
    attachedTo: "Attached to",
    inArchive: "In the archive",
    downloadFile: "Download the file",
    members: "Archive contents",
    extractedText: "Extracted text",
    metadata: "Metadata",
    metadataNote: "What the file says about itself: whoever made it could write anything there.",
    metaTitle: "Title",
    metaAuthors: "Authors",
    metaLastEditor: "Last saved by",
    metaSoftware: "Software",
    metaCamera: "Camera",
    metaCompany: "Company",
    metaTemplate: "Template",
    metaRevision: "Revision",
    metaCreated: "Created",
    metaModified: "Modified",
    metaSearchAuthor: ({ value }) => `Search the documents naming ${value}`,
    metaSearchSoftware: ({ value }) => `Search the documents made with ${value}`,
    noTextEmpty: "No text was found in this file.",
    noTextEncrypted: "This file is encrypted: its text could not be read.",
    noTextFailed: "Text extraction failed.",
    noTextUnsupported: "This file format is not supported: no text was extracted.",
    noTextOcrPending: "This file holds text only as pixels: it waits for OCR (fouille ocr).",
    noTextNoText: "OCR found no text: a photograph, a drawing or a blank page.",
    ocrNote: ({ confidence }) =>
      confidence == null
        ? "Text recognised by OCR in the pixels: it may hold misreadings."
        : `Text recognised by OCR in the pixels (mean confidence ${confidence}%): it may hold misreadings.`,
    textTruncated: "The text was cut at the extraction limit: the end of the file is not indexed.",
    otherVersions: { one: ({ n }) => `${n} other version`, other: ({ n }) => `${n} other versions` },
    versionsHint: "Documents with nearly the same text but other bytes (edited copies), closest first.",
    similarityShare: ({ p }) => `${p} similar`,
    compare: "Compare",
    compareWith: ({ name }) => `Compare with ${name}`,
    diffLoading: "Comparing…",
    diffFailed: "The other version could not be read.",
    diffHeading: ({ name }) => `Differences with ${name}`,
    diffLegendDel: "struck through: only in this document",
    diffLegendIns: "underlined: only in the other version",
    diffSame: "Both texts have the same words; only spacing or the file's bytes differ.",
    diffTooDifferent: "Too many differences to show word by word.",
    diffTooLong: ({ n, max }) => `Text too long to compare word by word (${n} words; limit: ${max}).`,
    thread: "Thread",
    threadCount: { one: ({ n }) => `${n} message`, other: ({ n }) => `${n} messages` },
    // "messages" goes with the total, which is always more than one here.
    threadShown: { other: ({ n, total }) => `${n} of ${total} messages shown` },
    threadShowMore: { one: ({ n }) => `Show ${n} more message`, other: ({ n }) => `Show ${n} more messages` },
    threadOpenFar: "The message asked for is further on in the thread:",
    errorTitle: "Error",
    dismiss: "Dismiss",
    error_bad_parameter: "Invalid parameter",
    error_bad_id: "Invalid id",
    error_not_found: "Not found",
    error_method_not_allowed: "Method not allowed",
    error_request_too_large: "Request too large",
    error_query_too_long: "Query too long",
    error_internal: "Internal server error",
    error_unavailable: "Server unavailable, try again in a moment",
    error_network: "The server does not answer",
    error_http: ({ status }) => `Unexpected server answer (HTTP ${status})`,
    notFoundPage: "This page does not exist.",
    goHome: "Back to the search",
    // Correspondents
    viewTabs: "Views of the search",
    viewResults: "Results",
    viewCorrespondents: "Correspondents",
    correspondentsTitle: "Correspondents",
    corrEmails: { one: ({ n }) => `${n} email`, other: ({ n }) => `${n} emails` },
    corrPairs: { one: ({ n }) => `${n} pair`, other: ({ n }) => `${n} pairs` },
    corrShowing: {
      one: ({ total }) => `showing the most frequent of ${total} pairs`,
      other: ({ n, total }) => `showing the ${n} most frequent of ${total} pairs`,
    },
    corrNone: "No email of this search has both a sender and a recipient.",
    corrLimit: "Pairs shown",
    corrFit: "Fit",
    corrGraphLabel: ({ nodes, edges }) => `Graph of the correspondents: ${nodes} addresses, ${edges} pairs. The table that follows lists the same pairs.`,
    corrGraphHelp: "Click an arrow to see that pair’s emails, an address to see the emails it sent (or received, when it sent none).",
    corrGraphFailed: "The graph could not be drawn; the table lists the same pairs.",
    corrPairsCaption: "Sender → recipient pairs, most frequent first",
    corrSender: "Sender",
    corrRecipient: "Recipient",
    corrCount: "Emails",
    corrPairLink: {
      one: ({ n, from, to }) => `${n} email from ${from} to ${to}`,
      other: ({ n, from, to }) => `${n} emails from ${from} to ${to}`,
    },
    corrEdgeTitle: {
      one: ({ n, from, to }) => `${from} → ${to}: ${n} email`,
      other: ({ n, from, to }) => `${from} → ${to}: ${n} emails`,
    },
    corrNodeTitle: ({ address, sent, received }) => `${address}: ${sent} sent, ${received} received`,
    corrAddresses: { one: ({ n }) => `${n} address`, other: ({ n }) => `${n} addresses` },
    corrAddress: "Address",
    corrSent: "Sent",
    corrReceived: "Received",
    corrSentLink: {
      one: ({ n, address }) => `${n} email sent by ${address}`,
      other: ({ n, address }) => `${n} emails sent by ${address}`,
    },
    corrReceivedLink: {
      one: ({ n, address }) => `${n} email received by ${address}`,
      other: ({ n, address }) => `${n} emails received by ${address}`,
    },
    // Quoted text
    ignoreQuotes: "Ignore quoted text",
    ignoreQuotesHint: "Words in quotes (replies, forwards, repeated paragraphs) no longer count.",
    quotedLines: { one: ({ n }) => `Quoted text (${n} line)`, other: ({ n }) => `Quoted text (${n} lines)` },
    // Entities
    entities: "Entities",
    entity_ibans: "IBAN",
    entity_phones: "Phones",
    entity_sirens: "SIREN",
    entity_sirets: "SIRET",
    entity_emails: "Mentioned addresses",
    entity_domains: "Links to",
    entitySearch: ({ value }) => `Search for ${value}`,
    facetIban: "IBAN",
    facetPhone: "Phone",
    facetSiren: "SIREN",
    facetSiret: "SIRET",
    facetLink: "Links to",
    facetMention: "Mentioned addresses",
    chipIban: "IBAN",
    chipPhone: "phone",
    chipSiren: "SIREN",
    chipSiret: "SIRET",
    chipLink: "links to",
    chipMention: "mentions",
    sizeUnits: ["B", "KB", "MB", "GB"],
  },
};

for (const [lang, strings] of Object.entries(workspaceStrings)) Object.assign(dictionaries[lang], strings);

export const LANGS = ["fr", "en"];

let current = "en";

function normalize(value) {
  if (typeof value !== "string") return null;
  const v = value.trim().toLowerCase();
  return LANGS.includes(v) ? v : null;
}

/** The language from navigator.language: fr* → French, else English. */
export function browserLang() {
  const nav = (navigator.language || "").toLowerCase();
  return nav.startsWith("fr") ? "fr" : "en";
}

export function storedLang() {
  try {
    return normalize(localStorage.getItem(STORAGE_KEY));
  } catch {
    return null;
  }
}

export function storeLang(lang) {
  try {
    localStorage.setItem(STORAGE_KEY, lang);
  } catch {
    /* private mode: the choice lasts for this page only */
  }
}

/** Picks the language: `?ui=` override, then the stored choice, then the browser. */
export function initialLang(uiParam) {
  return normalize(uiParam) || storedLang() || browserLang();
}

export function getLang() {
  return current;
}

export function setLang(lang) {
  current = normalize(lang) || "en";
  document.documentElement.lang = current;
  cache.clear();
}

/** The catalogue's entry for `key` in the current language, else in English. */
function entry(key) {
  const dict = dictionaries[current] || dictionaries.en;
  const value = dict[key];
  return value === undefined ? dictionaries.en[key] : value;
}

export function t(key, vars = {}) {
  const value = entry(key);
  if (value === undefined) return key;
  return typeof value === "function" ? value(vars) : value;
}

/**
 * A message about `count` things: the form of `key` for the count's plural
 * category in the current language (Intl.PluralRules: French puts 0 and 1
 * in `one`, English only 1), or `other` when the entry has no form for the
 * category (French `many`, for round millions). The form gets `vars` and
 * `n`, the count formatted.
 */
export function tCount(key, count, vars = {}) {
  const forms = entry(key);
  if (!forms || typeof forms !== "object") return key;
  const category = cached("plural", () => new Intl.PluralRules(current)).select(count);
  const form = forms[category] ?? forms.other;
  return typeof form === "function" ? form({ ...vars, n: fmtNumber(count) }) : form;
}

// ---------- formatting ----------

const cache = new Map();
function cached(name, make) {
  const key = `${current}|${name}`;
  let f = cache.get(key);
  if (!f) {
    f = make();
    cache.set(key, f);
  }
  return f;
}

export function fmtNumber(n) {
  return cached("num", () => new Intl.NumberFormat(current)).format(n);
}

/** A share from 0 to 1 as a percentage: "91 %" / "91%". */
export function fmtPercent(share) {
  return cached("pct", () => new Intl.NumberFormat(current, { style: "percent" })).format(share);
}

/** A full date-time in the browser's time zone, with the zone's name. */
export function fmtDateTime(iso) {
  if (!iso) return t("noDate");
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return cached(
    "dt",
    () =>
      new Intl.DateTimeFormat(current, {
        year: "numeric",
        month: "short",
        day: "numeric",
        hour: "2-digit",
        minute: "2-digit",
        timeZoneName: "short",
      }),
  ).format(d);
}

/** A long date-time (reader), weekday included, with the time zone. */
export function fmtDateTimeLong(iso) {
  if (!iso) return t("noDate");
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return cached(
    "dtl",
    () =>
      new Intl.DateTimeFormat(current, {
        weekday: "long",
        year: "numeric",
        month: "long",
        day: "numeric",
        hour: "2-digit",
        minute: "2-digit",
        timeZoneName: "short",
      }),
  ).format(d);
}

/** A calendar day given as YYYY-MM-DD (no time zone shift). */
export function fmtDay(ymd) {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(ymd || "");
  if (!m) return ymd;
  const d = new Date(Date.UTC(+m[1], +m[2] - 1, +m[3]));
  return cached(
    "day",
    () => new Intl.DateTimeFormat(current, { year: "numeric", month: "short", day: "numeric", timeZone: "UTC" }),
  ).format(d);
}

/** A month given as YYYY-MM. */
export function fmtMonth(ym, style = "long") {
  const m = /^(\d{4})-(\d{2})$/.exec(ym || "");
  if (!m) return ym;
  const d = new Date(Date.UTC(+m[1], +m[2] - 1, 1));
  return cached(
    `month-${style}`,
    () => new Intl.DateTimeFormat(current, { year: "numeric", month: style, timeZone: "UTC" }),
  ).format(d);
}

/** The month's name alone, from YYYY-MM ("mars", "Mar"). */
export function fmtMonthName(ym, style = "short") {
  const m = /^(\d{4})-(\d{2})$/.exec(ym || "");
  if (!m) return ym;
  const d = new Date(Date.UTC(+m[1], +m[2] - 1, 1));
  return cached(`monthname-${style}`, () => new Intl.DateTimeFormat(current, { month: style, timeZone: "UTC" })).format(d);
}

/** A language code as a name ("fr" → "French"/"français"; "und" → undetermined). */
export function langName(code) {
  if (!code || code === "und") return t("undetermined");
  try {
    const names = cached("langnames", () => new Intl.DisplayNames([current], { type: "language" }));
    return names.of(code) || code;
  } catch {
    return code;
  }
}

/** A facet value's name in the interface language, or the value itself. */
function valueName(prefix, value) {
  const key = `${prefix}_${value}`;
  const name = t(key);
  return name === key ? value : name;
}

export function kindName(kind) {
  return valueName("kind", kind);
}

/** `pdf`, `docx`… stay as they are; only `email` is a word. */
export function filetypeName(filetype) {
  return valueName("filetype", filetype);
}

export function extractionName(extraction) {
  return valueName("extraction", extraction);
}

/** A DKIM outcome (`pass`, `nokey`…) in words. */
export function dkimName(outcome) {
  return valueName("dkim", outcome);
}

/** A byte count for people: "80 B", "1.2 MB" / "80 o", "1,2 Mo". */
export function fmtSize(bytes) {
  const units = t("sizeUnits");
  let n = Number(bytes) || 0;
  let u = 0;
  while (n >= 1024 && u < units.length - 1) {
    n /= 1024;
    u += 1;
  }
  const digits = u === 0 || n >= 10 ? 0 : 1;
  const num = new Intl.NumberFormat(current, { maximumFractionDigits: digits }).format(n);
  return `${num} ${units[u]}`;
}
