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
