"""The keyword lists of Microsoft's entity definitions, as the pages publish them.

Each list is named as its page names it, and its source is the page of the type using it:
https://learn.microsoft.com/en-us/purview/sit-defn-<page> (``<page>`` beside each list).
Copyright Microsoft Corporation; the documentation is licensed under CC BY 4.0
(https://creativecommons.org/licenses/by/4.0/legalcode). Data only.
"""

from __future__ import annotations


def words(block: str) -> tuple[str, ...]:
    """The keywords of ``block``, separated by ``|`` or line ends."""
    return tuple(word.strip() for word in block.replace("\n", "|").split("|") if word.strip())


# credit-card-number
CC_VERIFICATION = words("""
card verification | card identification number | cvn | cid | cvc2 | cvv2 | pin block |
security code | security number | security no | issue number | issue no | cryptogramme |
numéro de sécurité | numero de securite | kreditkartenprüfnummer | kreditkartenprufnummer |
prüfziffer | prufziffer | sicherheits Kode | sicherheitscode | sicherheitsnummer | verfalldatum |
codice di verifica | cod. sicurezza | cod sicurezza | n autorizzazione | código | codigo |
cod. seg | cod seg | código de segurança | codigo de seguranca | codigo de segurança |
código de seguranca | cód. segurança | cod. seguranca | cod. segurança | cód. seguranca |
cód segurança | cod seguranca | cod segurança | cód seguranca | número de verificação |
numero de verificacao | ablauf | gültig bis | gültigkeitsdatum | gultig bis | gultigkeitsdatum |
scadenza | data scad | fecha de expiracion | fecha de venc | vencimiento | válido hasta |
valido hasta | vto | data de expiração | data de expiracao | data em que expira | validade |
valor | vencimento | transaction | transaction number | reference number | セキュリティコード |
セキュリティ コード | セキュリティナンバー | セキュリティ ナンバー | セキュリティ番号
""")

CC_NAME = words("""
amex | american express | americanexpress | americano espresso | Visa | mastercard | master card |
mc | mastercards | master cards | diner's Club | diners club | dinersclub | discover |
discover card | discovercard | discover cards | JCB | BrandSmart | japanese card bureau |
carte blanche | carteblanche | credit card | cc# | cc#: | expiration date | exp date |
expiry date | date d'expiration | date d'exp | date expiration | bank card | bankcard |
card number | card num | cardnumber | cardnumbers | card numbers | creditcard | credit cards |
creditcards | ccn | card holder | cardholder | card holders | cardholders | check card |
checkcard | check cards | checkcards | debit card | debitcard | debit cards | debitcards |
atm card | atmcard | atm cards | atmcards | enroute | en route | card type | Cardmember Acct |
cardmember account | Cardno | Corporate Card | Corporate cards | Type of card |
card account number | card member account | Cardmember Acct. | card no. | card no |
carte bancaire | carte de crédit | carte de credit | numéro de carte | numero de carte |
nº de la carte | nº de carte | kreditkarte | karte | karteninhaber | karteninhabers |
kreditkarteninhaber | kreditkarteninstitut | kreditkartentyp | eigentümername | kartennr |
kartennummer | kreditkartennummer | kreditkarten-nummer | carta di credito | carta credito |
n. carta | n carta | nr. carta | nr carta | numero carta | numero della carta | numero di carta |
tarjeta credito | tarjeta de credito | tarjeta crédito | tarjeta de crédito | tarjeta de atm |
tarjeta atm | tarjeta debito | tarjeta de debito | tarjeta débito | tarjeta de débito |
nº de tarjeta | no. de tarjeta | no de tarjeta | numero de tarjeta | número de tarjeta |
tarjeta no | tarjetahabiente | cartão de crédito | cartão de credito | cartao de crédito |
cartao de credito | cartão de débito | cartao de débito | cartão de debito | cartao de debito |
débito automático | debito automatico | número do cartão | numero do cartão | número do cartao |
numero do cartao | número de cartão | numero de cartão | número de cartao | numero de cartao |
nº do cartão | nº do cartao | nº. do cartão | no do cartão | no do cartao | no. do cartão |
no. do cartao | rupay | union pay | unionpay | diner's | diners | クレジットカード番号 |
クレジットカードナンバー | クレジットカード＃ | クレジットカード | クレジット | クレカ |
カード番号 | カードナンバー | カード＃ | アメックス | アメリカンエクスプレス |
アメリカン エクスプレス | Visaカード | Visa カード | マスターカード | マスター カード | マスター |
ダイナースクラブ | ダイナース クラブ | ダイナース | 有効期限 | 期限 | キャッシュカード |
キャッシュ カード | カード名義人 | カードの名義人 | カードの名義 | デビット カード |
デビットカード | 中国银联 | 银联
""")

# us-social-security-number
SSN = words("""
SSA Number | social security number | social security # | social security# | social security no |
Social Security# | Soc Sec | SSN | SSNS | SSN# | SS# | SSID
""")

# aba-routing
ABA_ROUTING = words("""
aba number | aba# | aba | abarouting# | abaroutingnumber | americanbankassociationrouting# |
americanbankassociationroutingnumber | bankrouting# | bankroutingnumber | routing # | routing no |
routing number | routing transit number | routing# | RTN
""")

# us-bank-account-number
USA_BANK_ACCOUNT = words("""
Checking Account Number | Checking Account | Checking Account # | Checking Acct Number |
Checking Acct # | Checking Acct No. | Checking Account No. | Bank Account Number |
Bank Account # | Bank Acct Number | Bank Acct # | Bank Acct No. | Bank Account No. |
Savings Account Number | Savings Account. | Savings Account # | Savings Acct Number |
Savings Acct # | Savings Acct No. | Savings Account No. | Debit Account Number | Debit Account |
Debit Account # | Debit Acct Number | Debit Acct # | Debit Acct No. | Debit Account No.
""")

# us-uk-passport-number
EU_PASSPORT_NUMBER = words("""
passport# | passport # | passportid | passports | passportno | passport no | passportnumber |
passport number | passportnumbers | passport numbers
""")
UK_EU_PASSPORT_NUMBER = ("british passport", "uk passport")

# swift-code
SWIFT = words("""
international organization for standardization 9362 | iso 9362 | iso9362 | swift# | swiftcode |
swiftnumber | swiftroutingnumber | swift code | swift number # | swift routing number |
bic number | bic code | bic # | bic# | bank identifier code |
Organisation internationale de normalisation 9362 | rapide # | code SWIFT | le numéro de swift |
swift numéro d'acheminement | le numéro BIC | # BIC | code identificateur de banque |
SWIFTコード | SWIFT番号 | BIC番号 | BICコード | SWIFT コード | SWIFT 番号 | BIC 番号 |
BIC コード | 金融機関識別コード | 金融機関コード | 銀行コード
""")

# uk-national-insurance-number
UK_NINO = words("""
national insurance number | national insurance contributions | protection act | insurance |
social security number | insurance application | medical application | social insurance |
medical attention | social security | great britain | NI Number | NI No. | NI # | NI# |
insurance# | insurancenumber | nationalinsurance# | nationalinsurancenumber
""")

# uk-national-health-service-number
UK_NHS_NUMBER = ("national health service", "nhs", "health services authority", "health authority")
UK_NHS_NUMBER1 = ("patient id", "patient identification", "patient no", "patient number")
UK_NHS_NUMBER_DOB = ("GP", "DOB", "D.O.B", "Date of Birth", "Birth Date")

# canada-social-insurance-number ("NAS" is case-sensitive)
SIN = words("""
sin | social insurance | numero d'assurance sociale | sins | ssn | ssns | social security |
numero d'assurance social | national identification number | national id | sin# | soc ins |
social ins | numéro d’assurance social | numéro d’assurance sociale | assurance social |
carte d’assurance sociale
""")
SIN_CASE_SENSITIVE = ("NAS",)
SIN_COLLABORATIVE = words("""
driver's license | drivers license | driver's licence | drivers licence | DOB | Birthdate |
Birthday | Date of Birth
""")

# india-permanent-account-number
INDIA_PAN = ("Permanent Account Number", "PAN")

# ip-address ("IP" is case-sensitive)
IP_ADDRESS = ("ip address", "ip addresses", "internet protocol", "IP-כתובת ה")
IP_ADDRESS_CASE_SENSITIVE = ("IP",)

# azure-storage-account-key: CEP_CommonExampleKeywords (what marks an example, not a secret)
COMMON_EXAMPLE = (
    "contoso", "fabrikam", "northwind", "sandbox", "onebox", "localhost", "127.0.0.1",
    "testacs.com", "s-int.net",
)  # fmt: skip
AZURE_EMULATOR_KEY = (
    "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw=="
)

# us-individual-taxpayer-identification-number
ITIN = words("""
taxpayer | tax id | tax identification | itin | i.t.i.n. | ssn | tin | social security |
tax payer | itins | taxid | individual taxpayer
""")

# eu-debit-card-number (the page's lists as written, a line split in two included)
EU_DEBIT_CARD = ("account number", "card number", "card no.", "security number", "cc#")
CARD_TERMS_DICT = words("""
acct nbr | acct num | acct no | american express | americanexpress | americano espresso | amex |
atm card | atm cards | atm kaart | atmcard | atmcards | atmkaart | atmkaarten | bancontact |
bank card | bankkaart | card holder | card holders | card num | card number | card numbers |
card type | cardano numerico | cardholder | cardholders | cardnumber | cardnumbers |
carta bianca | carta credito | carta di credito | cartao de credito | cartao de crédito |
cartao de debito | cartao de débito | carte bancaire | carte blanche | carte bleue |
carte de credit | carte de crédit | carte di credito | carteblanche | cartão de credito |
cartão de crédito | cartão de debito | cartão de débito | cb | ccn | check card | check cards |
checkcard | checkcards | chequekaart | cirrus | cirrus-edc-maestro | controlekaart |
controlekaarten | credit card | credit cards | creditcard | creditcards | debetkaart |
debetkaarten | debit card | debit cards | debitcard | debitcards | debito automatico |
diners club | dinersclub | discover | discover card | discover cards | discovercard |
discovercards | débito automático | edc | eigentümername | european debit card | hoofdkaart |
hoofdkaarten | in viaggio | japanese card bureau | japanse kaartdienst | jcb | kaart |
kaart num | kaartaantal | kaartaantallen | kaarthouder | kaarthouders | karte | karteninhaber |
karteninhabers | kartennr | kartennummer | kreditkarte | kreditkarten-nummer |
kreditkarteninhaber | kreditkarteninstitut | kreditkartennummer | kreditkartentyp | maestro |
master card | master cards | mastercard | mastercards | mc | mister cash | n carta | carta |
no de tarjeta | no do cartao | no do cartão | no. de tarjeta | no. do cartao | no. do cartão |
nr carta | nr. carta | numeri di scheda | numero carta | numero de cartao | numero de carte |
numero de cartão | numero de tarjeta | numero della carta | numero di carta | numero di scheda |
numero do cartao | numero do cartão | numéro de carte | nº carta | nº de carte |
nº de la carte | nº de tarjeta | nº do cartao | nº do cartão | nº. do cartão | número de cartao |
número de cartão | número de tarjeta | número do cartao | scheda dell'assegno |
scheda dell'atmosfera | scheda della banca | scheda di controllo | scheda di debito |
scheda matrice | schede dell'atmosfera | schede di controllo | schede di debito | schede matrici |
scoprono la scheda | scoprono le schede | solo | supporti di scheda | supporto di scheda |
switch | tarjeta atm | tarjeta credito | tarjeta de atm | tarjeta de credito |
tarjeta de debito | tarjeta debito | tarjeta no | tarjetahabiente | tipo della scheda |
ufficio giapponese della | scheda | v pay | v-pay | visa | visa plus | visa electron | visto |
visum | vpay
""")
CARD_SECURITY_TERMS_DICT = words("""
card identification number | card verification | cardi la verifica | cid | cod seg |
cod seguranca | cod segurança | cod sicurezza | cod. seg | cod. seguranca | cod. segurança |
cod. sicurezza | codice di sicurezza | codice di verifica | codigo | codigo de seguranca |
codigo de segurança | crittogramma | cryptogram | cryptogramme | cv2 | cvc | cvc2 | cvn | cvv |
cvv2 | cód seguranca | cód segurança | cód. seguranca | cód. segurança | código |
código de seguranca | código de segurança | de kaart controle | geeft nr uit | issue no |
issue number | kaartidentificatienummer | kreditkartenprufnummer | kreditkartenprüfnummer |
kwestieaantal | no. dell'edizione | no. di sicurezza | numero de securite |
numero de verificacao | numero dell'edizione | numero di identificazione della | scheda |
numero di sicurezza | numero van veiligheid | numéro de sécurité | nº autorizzazione |
número de verificação | perno il blocco | pin block | prufziffer | prüfziffer | security code |
security no | security number | sicherheits kode | sicherheitscode | sicherheitsnummer |
speldblok | veiligheid nr | veiligheidsaantal | veiligheidscode | veiligheidsnummer |
verfalldatum
""")
CARD_EXPIRATION_TERMS_DICT = words("""
ablauf | data de expiracao | data de expiração | data del exp | data di exp | data di scadenza |
data em que expira | data scad | data scadenza | date de validité | datum afloop |
datum van exp | de afloop | espira | exp date | exp datum | expiration | expire | expires |
expiry | fecha de expiracion | fecha de venc | gultig bis | gultigkeitsdatum | gültig bis |
gültigkeitsdatum | la scadenza | scadenza | valable | validade | valido hasta | valor | venc |
vencimento | vencimiento | verloopt | vervaldag | vervaldatum | vto | válido hasta
""")

# germany-identity-card-number
GERMANY_ID_CARD = words("""
ausweis | gpid | identification | identifikation | identifizierungsnummer | identity card |
identity number | id-nummer | personal id | personalausweis | persönliche id nummer |
persönliche identifikationsnummer | persönliche-id-nummer
""")

# germany-passport-number (Keywords_eu_passport_number_common is us-uk-passport-number's list)
GERMAN_PASSPORT = words("""
reisepasse | reisepassnummer | No-Reisepass | Nr-Reisepass | Reisepass-Nr | Passnummer |
reisepässe | passeport no. | passeport no
""")
EU_PASSPORT_NUMBER_COMMON = EU_PASSPORT_NUMBER

# france-national-id-card ("idenite" as the page spells it)
FRANCE_CNI = words("""
card number | carte nationale d'identité | carte nationale d'idenite no | cni# | cni |
compte bancaire | national identification number | national identity | nationalidno# |
numéro d'assurance maladie | numéro de carte vitale
""")

# australia-tax-file-number
AUSTRALIA_TFN = words("""
australian business number | marginal tax rate | medicare levy | portfolio number |
service veterans | withholding tax | individual tax return | tax file number | tfn
""")

# japan-my-number-personal
JAPAN_MY_NUMBER_PERSONAL = words("""
my number | マイナンバー | 個人番号 | 共通番号 | マイナンバーカード | マイナンバーカード番号 |
個人番号カード | 個人識別番号 | 個人識別ナンバー | 通知カード
""")

# philippines-unified-multi-purpose-identification-number
PHILIPPINES_ID = (
    "Unified Multi-Purpose ID",
    "UMID",
    "Identity Card",
    "Pinag-isang Multi-Layunin ID",
)
