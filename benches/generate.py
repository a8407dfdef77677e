#!/usr/bin/env python3
"""Generate synthetic terms documents as benchmark input for clauselint.

    python3 benches/generate.py --size-mb 10 --out DIR [--seed 1]

Writes doc-00001.md, doc-00002.txt, ... into DIR until the total size reaches
the target (1 MB = 1,000,000 bytes, within 2%): about 70% of the bytes in
Markdown, 30% in plain text, each document 20-200 KB (1 KB = 1,000 bytes).
The same seed gives byte-identical output. Python 3.11 standard library only.

Every sentence is built from the templates in this file (all written for it,
none taken from the real documents in ../shared/corpus) with slot fillers for
parties, products, durations, jurisdictions and data types. Documents mix the
kinds of real terms (master agreements, acceptable-use policies, product
terms, terms of service, model and software licences); most of their text is
ordinary boilerplate, with prohibited-use lists, leverage provisions and
human-rights language mixed in at realistic frequency and in strong, weak and
absent forms that vary from one document to the next.
"""

import argparse
import os
import random
import re
import sys
import textwrap

MARKER = ".generated-by-clauselint-bench"
MB = 1_000_000
KB = 1_000
MIN_DOC = 20 * KB
MAX_DOC = 200 * KB
MD_SHARE = 0.70

# ---------------------------------------------------------------------------
# Template banks. One template per line; "[name]" starts a bank. Slots are
# written {name}; see Persona.fixed and DYNAMIC below for what fills them.
# Agreement helpers: {P_s} is "s" when the provider is third person
# ("Provider retains") and "" for "we" ("we retain"); {C_s} likewise for the
# customer; {P_is}/{P_has}/{P_does}/{P_es}, {C_is}/..., {svc_is}/{svc_has}/
# {svc_s}, {agr_is}/{agr_s}/{agr_does} agree with the party or the noun.
# ---------------------------------------------------------------------------


def parse_banks(text):
    banks = {}
    cur = None
    for raw in text.splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        m = re.fullmatch(r"\[([\w.-]+)\]", line)
        if m:
            cur = m.group(1)
            banks.setdefault(cur, [])
            continue
        banks[cur].append(line)
    return banks


BOILERPLATE = parse_banks(r"""
[services]
Under {agr}, {P} will make {svc} available to {Co} during the Subscription Term as described in the Documentation.
{P} grant{P_s} {Co} a non-exclusive, non-transferable right, without the right to sublicense, to access and use {svc} for {Cp} internal business purposes.
{P} may update {svc} from time to time, provided that no update will materially reduce the core functionality of {svc} during the current Subscription Term.
Features described as preview, beta or early access are offered for evaluation only and may be changed or withdrawn at any time.
{Cp} Affiliates may use {svc} under {agr}, and {C} remain{C_s} liable for their acts and omissions as if they were {Cp} own.
{P} will use commercially reasonable efforts to keep {svc} available twenty-four hours a day, seven days a week, except for planned maintenance announced at least {sdur} in advance.
New features added to {svc} are subject to {agr} unless {P} state{P_s} otherwise in writing.
{P} may engage subcontractors to perform any part of {Pp} obligations, but {P} remain{P_s} responsible for their performance.
Usage limits for each service tier are set out in the Documentation, and {P} may throttle requests that exceed them.
{C} acknowledge{C_s} that {svc} {svc_is} hosted in data centres operated by third parties and that availability may vary by region.
{P} will provide {svc} in accordance with all laws and regulations that apply to {Pp} provision of {svc} generally, without regard to {Cp} particular use.
The specific editions, quantities and service tiers that {C} purchase{C_s} are listed in the applicable Order Form.
{C} may add Users at any time, and additional Users will be charged at the rates in effect for the remainder of the Subscription Term.
Any software that {P} provide{P_s} for installation on {Cp} systems is licensed for use only with {svc} and only during the Subscription Term.
{P} may change the infrastructure, personnel and procedures used to deliver {svc}, provided that the change does not reduce the protection of Customer Data.

[customer]
Everything done through {Cp} accounts is {Cp} responsibility, whether or not {C} authorized it.
{C} shall keep all passwords, API keys and other credentials confidential and shall not share them outside {Cp} organization.
{C} shall provide accurate and complete information when registering for {svc} and shall keep that information up to date.
{C} {C_is} solely responsible for the accuracy, quality and legality of Customer Data and for the means by which it was collected.
{C} shall obtain all consents and give all notices required by applicable law for {Po} to process Customer Data under {agr}.
{C} shall maintain a supported browser, network connection and any other equipment needed to access {svc}.
A single named-user subscription may not be shared between more than one individual.
{C} shall configure {svc} appropriately for {Cp} needs and keep backups of any Customer Data that {C} consider{C_s} important.
{C} shall appoint an administrator who will manage user accounts and act as {Pp} main point of contact for operational matters.
{C} {C_is} responsible for determining whether {svc} {svc_is} suitable for {Cp} purposes and for the results obtained from them.
Where {C} connect{C_s} {svc} to systems that {P} do{P_es} not control, {C} {C_is} responsible for the security and configuration of those systems.
{C} shall give {Po} timely access to the information, facilities and personnel that {P} reasonably need{P_s} to deliver any Professional Services.
Delays caused by {Cp} failure to meet these responsibilities extend the time for {Pp} performance accordingly.

[fees]
{C} shall pay all Fees within {dur} of the invoice date, in the currency stated on the Order Form.
Except as expressly stated in {agr}, Fees are non-cancellable and non-refundable, and payment obligations do not depend on the delivery of any future feature.
Overdue amounts accrue interest at the lesser of {pct} per month and the highest rate permitted by law.
If {C} dispute{C_s} an invoice in good faith, {C} must tell {Po} in writing before the due date, and the parties shall work together to resolve the dispute promptly.
Fees exclude sales, use, value-added and similar taxes, which {C} shall pay, other than taxes on {Pp} net income.
{P} may increase the Fees at the start of any renewal term by giving at least {dur} notice before that term begins.
If {C} pay{C_s} by credit card, {C} authorize{C_s} {Po} to charge the card for all Fees when they fall due.
Usage above the committed quantity is billed monthly in arrears at the rates in the current price list.
All payments shall be made in full without set-off, counterclaim or deduction, except for any withholding that the law requires.
Where withholding tax applies, {C} shall increase the payment so that the net amount received equals the amount that would have been received had no withholding been required.
Invoices are issued annually in advance unless the Order Form provides otherwise.
Purchase order numbers are for {Cp} administrative convenience, and terms printed on a purchase order have no effect.
Prices quoted in a currency other than the invoicing currency are converted at the exchange rate published on the invoice date.
{C} shall reimburse reasonable, pre-approved travel expenses incurred in performing Professional Services on site.
Credits and prepaid amounts expire at the end of the Subscription Term in which they were purchased and may not be carried forward.

[term]
{agr} begin{agr_s} on the Effective Date and continue{agr_s} until all Subscription Terms have expired or been terminated.
Each Subscription Term renews automatically for successive periods of {dur2} unless either party gives notice of non-renewal at least {dur} before the end of the current term.
Either party may terminate {agr} immediately by notice if the other party becomes insolvent, makes an arrangement with its creditors, or becomes the subject of bankruptcy or similar proceedings.
On termination or expiry, all rights granted under {agr} end and {C} shall stop using {svc}.
For {dur} after termination, {P} will make Customer Data available for export, after which {P} may delete it in accordance with the Documentation.
Sections {n}, {n} and {n} survive any termination or expiry of {agr}, together with any other provision that by its nature is intended to survive.
Termination does not relieve {C} of the obligation to pay Fees accrued before the effective date of termination.
If {C} terminate{C_s} {agr} because of {Pp} uncured breach, {P} shall refund any prepaid Fees covering the remainder of the term.
A trial subscription ends on the date shown at sign-up unless {C} convert{C_s} it to a paid subscription before then.
Order Forms entered into before termination remain in effect until the end of their own Subscription Terms unless they are terminated separately.
Neither party is liable to the other merely because it exercised a right of termination in accordance with {agr}.

[term-weak]
Either party may terminate {agr} by written notice if the other party materially breaches it and does not cure the breach within thirty (30) days after receiving notice describing it.
Each party may, on at least {dur} written notice, terminate {agr} for convenience.
Either party may terminate an Order Form on written notice if the other party commits a material breach that remains uncured for sixty (60) days after notice of the breach.
{P} may terminate {agr} if {C} fail{C_s} to pay any undisputed amount within {dur} after receiving notice that the payment is overdue.

[ip]
{svc} and the Documentation, and all Intellectual Property Rights in them, belong to {P} and {Pp} licensors.
{C} retain{C_s} all rights in Customer Data and grant{C_s} {Po} a limited licence to host, copy and process Customer Data only as needed to provide {svc}.
No rights are granted by implication or estoppel, and all rights that {agr} {agr_does} not expressly grant are reserved.
If {C} provide{C_s} Feedback, {P} may use it for any purpose without restriction and without any obligation to {Co}.
{C} shall not remove or obscure any proprietary notices displayed in or on {svc}.
Nothing in {agr} transfers ownership of any Intellectual Property Rights from one party to the other.
As between the parties and to the extent permitted by law, {C} own{C_s} the Output, and {P} assign{P_s} to {Co} any rights {P} may have in it.
{P} may use aggregated and de-identified Usage Data to operate, secure and improve {svc}, provided that such data does not identify {C} or any individual.
The software components of {svc} are licensed, not sold.
Trade marks, logos and service marks displayed in {svc} belong to their respective owners, and {agr} grant{agr_s} no right to use them.
Any templates, scripts or know-how that {P} develop{P_s} while performing Professional Services remain {Pp} property, and {C} receive{C_s} a perpetual licence to use the deliverables internally.
Each party may continue to use the general skills and experience acquired in performing {agr}, provided that it does not disclose the other party's Confidential Information.

[confidentiality]
The receiving party shall use the disclosing party's Confidential Information only to perform its obligations or exercise its rights under {agr}.
The receiving party shall take at least reasonable care to keep Confidential Information secure, and no less care than it takes with its own confidential material.
Confidential Information may be disclosed to employees, advisers and contractors who need to know it and who are bound by obligations of confidentiality at least as strict as these.
Information is not Confidential Information if it becomes public through no fault of the receiving party, was already known to the receiving party, or is independently developed without use of the disclosing party's information.
If the receiving party is compelled by law to disclose Confidential Information, it shall give the disclosing party prior notice where legally permitted and reasonable help, at the disclosing party's cost, to contest the disclosure.
The obligations in this section continue for {n2} years after termination and, for trade secrets, for as long as they remain trade secrets.
On request, the receiving party shall return or destroy the disclosing party's Confidential Information, except for copies held in routine backups or retained to meet legal obligations.
Each party acknowledges that unauthorized disclosure could cause irreparable harm for which damages alone would not be an adequate remedy, and that injunctive relief may be sought.
The terms of {agr}, including pricing, are Confidential Information of both parties.
Neither party shall issue any press release about {agr} without the other party's prior written approval.

[warranties]
{P} warrant{P_s} that {svc} will perform materially in accordance with the Documentation during the Subscription Term.
{P} warrant{P_s} that the overall security of {svc} will not be materially decreased during the Subscription Term.
Each party represents that it has validly entered into {agr} and has the legal power to do so.
{Cp} exclusive remedy for breach of the warranty in this section is for {P} to correct the non-conformity or, if {P} cannot do so within a reasonable time, to terminate the affected service and refund the prepaid Fees for the rest of the term.
{C} represent{C_s} that {C} {C_has} all rights needed to provide Customer Data to {Po} for processing under {agr}.
{P} will perform Professional Services in a professional and workmanlike manner consistent with generally accepted industry standards.
Warranty claims must be made in writing within {dur} after the date on which the non-conformity first arose.
{P} warrant{P_s} that, to {Pp} knowledge, {svc} will not introduce Malicious Code into {Cp} systems.
The warranties in this section do not apply to free trials, previews or other services provided without charge.

[disclaimers]
Apart from the warranties stated in {agr}, {P} give{P_s} no warranty about {svc}, which {svc_is} supplied on an "as is" basis, and all implied terms about quality, fitness for purpose, title and non-infringement are excluded to the extent the law allows.
{P} {P_does} not promise that {svc} will run without interruption or error, that {svc} will be completely secure, or that every defect will be fixed.
Outputs are produced by machine-learning models and may be inaccurate, incomplete or offensive, and {C} {C_is} responsible for evaluating them before relying on them.
Beta features are provided without warranty of any kind and without any commitment to provide support.
Where the law that protects {Co} forbids excluding implied warranties, the exclusions above apply only as far as that law permits.
{P} {P_is} not responsible for delays, failures or losses caused by the internet, telecommunications networks or equipment outside {Pp} reasonable control.
Statements made by {Pp} sales or support staff do not create warranties unless they are written into {agr}.
{C} acknowledge{C_s} that {C} {C_has} not relied on any statement, representation or warranty that is not set out in {agr}.

[liability]
Neither party is liable to the other for lost profits, lost revenue, loss of goodwill, loss of data, or any special, indirect or consequential loss, whether or not that loss was foreseeable.
Each party's total liability arising out of or relating to {agr} shall not exceed the Fees paid or payable by {C} in the {n12} months before the event giving rise to the claim.
The limits in this section do not apply to {Cp} payment obligations, a party's indemnification obligations, or liability for fraud, gross negligence or wilful misconduct.
Nothing in {agr} limits liability for death or personal injury caused by negligence, or any other liability that cannot lawfully be limited.
If {svc} {svc_is} provided free of charge, {Pp} total liability is limited to {amount}.
The parties agree that the limitations in this section reflect an allocation of risk that is reflected in the Fees and form an essential basis of the bargain.
Any claim arising under {agr} must be brought within {n2} years after the cause of action arises.
The limitations in this section apply whether the claim is in contract, tort, strict liability or any other legal theory.
For liability arising from breach of the data protection obligations, the cap is increased to {amount}.

[indemnity]
{P} shall defend {Co} against any claim by a third party alleging that {svc}, as provided by {P}, infringes that party's patent, copyright or trade mark, and shall pay the damages finally awarded or agreed in settlement.
{C} shall defend and indemnify {Po} against any third-party claim arising from Customer Data or from {Cp} use of {svc} in breach of {agr}.
The indemnified party must tell the indemnifying party about the claim promptly and in writing, let it conduct the defence and any settlement talks, and help it reasonably at its expense.
If {svc} {svc_is}, or in {Pp} opinion {svc_is} likely to become, the subject of an infringement claim, {P} may modify {svc}, obtain a licence for {Co} to continue using it, or end the affected service and refund any prepaid Fees.
{Pp} obligations in this section do not apply to claims arising from combinations with products not supplied by {P}, modifications not made by {P}, or use contrary to the Documentation.
This section states the indemnifying party's entire liability, and the indemnified party's exclusive remedy, for third-party claims of the kind described here.
No settlement that imposes an obligation on the indemnified party may be agreed without that party's prior written consent, which shall not be unreasonably withheld.
The indemnified party may participate in the defence with counsel of its own choosing and at its own expense.

[law]
{agr} and any dispute arising from {agr} are subject to the laws of {law}, excluding any conflict-of-laws rule that would apply another law.
Only {court} may hear disputes arising out of or in connection with {agr}, and each party consents to their jurisdiction.
The 1980 Vienna Convention on the international sale of goods is excluded and does not govern {agr}.
Before starting proceedings, the parties shall try in good faith to resolve any dispute through negotiation between senior executives for at least {dur}.
Any dispute that cannot be resolved by negotiation shall be finally settled by arbitration under the rules of {arb}, before a single arbitrator, seated in {city}.
Either party may seek interim or injunctive relief in any court of competent jurisdiction to protect its intellectual property or Confidential Information.
The language of any arbitration or court proceeding shall be English.
Each party waives any right to a jury trial in any proceeding arising out of {agr}, to the extent permitted by law.

[notices]
Notices under {agr} must be in writing and take effect when delivered by hand, one business day after dispatch by recognized courier, or when sent by email without a delivery-failure message.
Notices to {P} must be sent to {addr}, with a copy by email to {legal_email}.
{P} may give notices to {Co} by email to the account administrator or by posting them in the administrative console.
Either party may change its address for notices by giving notice to the other party.
Operational notices, such as maintenance announcements, may be given through the service status page.
Notices of breach, termination or an indemnifiable claim must be sent by courier and by email, and must state that they are given under this section.
Notices given by email are deemed received on the next Business Day if they are sent after 5 p.m. in the recipient's time zone.

[assignment]
A party may transfer {agr} only with the written consent of the other party, but no consent is needed for a transfer to an Affiliate or to a buyer of the business or assets to which {agr} relates.
A purported transfer that breaches this section has no effect.
{agr} bind{agr_s} and benefit{agr_s} the parties and their permitted successors and assigns.
A change of control of {C} shall be treated as an assignment for the purposes of this section if the acquirer is a direct competitor of {P}.
{P} may assign its right to receive payment to a financing party without {Cp} consent.
The assigning party shall give the other party written notice of any permitted assignment within {dur}.

[force-majeure]
Neither party is liable for a failure or delay in performance caused by events beyond its reasonable control, including natural disasters, epidemics, war, terrorism, riots, labor disputes, acts of government and failures of public utilities or networks.
The affected party shall notify the other party promptly and shall resume performance as soon as the event ceases to prevent it.
If a force majeure event continues for more than {dur}, either party may terminate the affected Order Form by written notice, and {P} will refund any prepaid Fees for the unused period.
This section does not excuse {Cp} obligation to pay for {svc} already provided.
Outages of a third-party cloud provider are not force majeure events where they could have been avoided by the redundancy described in the Documentation.

[privacy]
Each party shall comply with the data protection laws that apply to it in connection with {agr}, including, where applicable, the GDPR, the UK GDPR and the California Consumer Privacy Act.
To the extent that {P} process{P_es} Personal Data on behalf of {C}, the Data Processing Addendum at {web}/dpa forms part of {agr}.
{P} will process Personal Data only on {Cp} documented instructions, unless the law requires otherwise, in which case {P} will inform {Co} of that requirement before processing unless the law prohibits it.
{P} shall ensure that personnel authorized to process Personal Data are bound by appropriate obligations of confidentiality.
{P} shall notify {Co} without undue delay, and in any case within {sdur}, after becoming aware of a Security Incident affecting Customer Data.
{C} authorize{C_s} {Po} to engage the Subprocessors listed at {web}/subprocessors, and {P} will give at least {dur} notice before adding a new Subprocessor.
Where Personal Data is transferred out of the European Economic Area or the United Kingdom, the parties shall rely on the Standard Contractual Clauses or another transfer mechanism recognized by law.
{P} will assist {C}, taking into account the nature of the processing, in responding to requests from individuals to exercise their rights under data protection law.
On termination, {P} shall delete or return Personal Data at {Cp} choice, unless retention is required by law.
{P} collect{P_s} {data} when {svc} {svc_is} used and use{P_s} it to provide, secure and improve {svc}.
{P} {P_does} not sell personal information and will not use Customer Data to train models made available to other customers.
The Privacy Notice at {web}/privacy explains how {P} collect{P_s} and use{P_s} personal information and the choices available to individuals.
{P} retain{P_s} {data} for no longer than {dur} unless a longer period is needed to resolve a dispute or meet a legal obligation.
{C} may object to a new Subprocessor on reasonable data protection grounds within {dur} of the notice, and the parties shall discuss the objection in good faith.
Records of processing activities will be made available to the competent supervisory authority on request.

[security]
{P} shall maintain administrative, physical and technical safeguards designed to protect Customer Data against unauthorized access, loss and alteration, as described in the Security Documentation.
{P} maintain{P_s} an information security programme that is certified to ISO/IEC 27001 and assessed annually by an independent third party.
On written request, and not more than once in any twelve-month period, {P} will provide {Co} with a summary of {Pp} most recent third-party security assessment, subject to confidentiality.
Customer Data is encrypted in transit using TLS 1.2 or later and at rest using AES-256 or an equivalent algorithm.
{C} shall promptly apply security updates made available by {P} and follow the security guidance in the Documentation.
Penetration testing of {svc} requires {Pp} prior written approval and must follow the rules of engagement that {P} provide{P_s}.
Access to production systems is limited to personnel who need it to perform their duties and is protected by multi-factor authentication.
{P} carr{P_ies} out background checks on personnel with access to Customer Data, to the extent permitted by local law.
Security logs are retained for at least {n12} months and are protected against tampering.
{P} test{P_s} {Pp} business continuity and disaster recovery plans at least annually.

[export]
{C} shall comply with all export control and economic sanctions laws that apply to {Cp} use of {svc}, including those of the United States, the European Union and the United Kingdom.
{C} represent{C_s} that neither {C} nor any User is a Sanctioned Person or is located in a country or region subject to comprehensive sanctions.
{C} shall not export, re-export or transfer {svc} or any related technical data to any destination, end user or end use prohibited by export control laws.
Encryption features in {svc} may be subject to import restrictions in some countries, and {C} {C_is} responsible for obtaining any required authorization.
{C} shall not permit access to {svc} by any person on a restricted-party list maintained by the government of any country where {svc} {svc_is} offered.
Each party shall comply with the anti-bribery laws that apply to it, and neither party shall offer or accept any improper payment in connection with {agr}.

[support]
{P} will provide support by email and through the support portal during Business Hours, and at all hours for Severity 1 incidents.
{P} will use commercially reasonable efforts to respond to support requests within the target times set out in the support policy.
If {svc} fail{svc_s} to meet the Monthly Uptime Percentage, {C} may claim a Service Credit by submitting a request within {dur} after the end of the affected month.
Service Credits are {Cp} sole and exclusive remedy for any failure to meet the service levels.
The service levels do not apply to downtime caused by scheduled maintenance, {Cp} own equipment, or events of force majeure.
Support does not cover problems caused by modifications that {P} did not make or by use contrary to the Documentation.
{C} shall designate up to {n5} technical contacts who are authorized to open support tickets.
Severity levels are assigned by {P} in consultation with {C} on the basis of the business impact described in the ticket.
Service Credits cannot be exchanged for cash and may not exceed {pct2} of the monthly Fees for the affected service.
Enhanced support plans, with a named technical account manager, are available for an additional fee.

[changes]
{P} may modify {agr} from time to time by posting a revised version at {web}/legal and updating the date at the top of the page.
If a change materially reduces {Cp} rights, {P} will notify {Co} at least {dur} before it takes effect, and {C} may terminate the affected service before that date without penalty.
Changes required by law, or that address security or abuse, may take effect immediately.
Continued use of {svc} after changes take effect constitutes acceptance of the revised terms.
Changes do not apply retroactively, and disputes that arose before a change will be resolved under the earlier wording.
Earlier versions of {agr} are archived at {web}/legal/archive for reference.
During a fixed-price Subscription Term, changes to the Fees take effect only on renewal.

[misc]
{agr} set{agr_s} out everything the parties have agreed about its subject matter and replace{agr_s} any earlier agreement, proposal or representation on that subject.
If any provision of {agr} is held unenforceable, it shall be modified to the minimum extent necessary and the remaining provisions continue in full force and effect.
A failure or delay in exercising any right is not a waiver of that right.
The parties are independent contractors, and nothing in {agr} creates a partnership, franchise, joint venture, agency or employment relationship.
Nobody other than the parties and their permitted successors has any right to enforce {agr}.
{agr} may be executed in counterparts, including by electronic signature, each of which is an original.
If the Order Form conflicts with these terms, the Order Form prevails, and these terms prevail over the Documentation.
Headings are for convenience only, and the words "including" and "includes" mean "including without limitation".
{agr} {agr_is} drawn up in English, and any translation is provided for convenience only.
{P} may identify {C} as a customer in marketing materials unless {C} opt{C_s} out by written notice.
Amendments must be in writing and signed by authorized representatives of both parties.
Each party shall bear its own costs in negotiating and entering into {agr}.
Third parties have no right, whether under the Contracts (Rights of Third Parties) Act 1999 or otherwise, to enforce any term of {agr}.

[content]
{C} retain{C_s} ownership of the Content {C} post{C_s}, but grant{C_s} {Po} a worldwide, royalty-free licence to host, store, reproduce and display it as needed to operate {svc}.
{C} {C_is} responsible for the Content {C} post{C_s} and for making sure that {C} {C_has} the rights needed to post it.
{P} {P_does} not pre-screen Content, but {P} may review, remove or restrict access to Content that {P} believe{P_s} breaches {agr}.
Public Content may be viewed, copied and shared by other users through the features of {svc}.
Deleted Content may remain in backup copies for a limited period before it is permanently erased.
Other users' Content is their responsibility, and {P} {P_does} not endorse it.
Content that {C} mark{C_s} as private will be visible only to the people {C} choose{C_s}, subject to the exceptions described in the Privacy Notice.
{C} may export {Cp} Content at any time using the tools provided in the account settings.

[accounts]
Only people aged {age} or over may create an Account.
Keep your password secret: you answer for anything done with your Account.
One person or legal entity may not maintain more than one free Account.
An Account must be opened by a human, and Accounts created by scripts or bots will be closed.
If you create an Account on behalf of an organization, you represent that you have authority to bind it to these Terms.
We may reclaim usernames that have been inactive for more than {n2} years or that infringe another party's trade mark.
You must give us a valid email address and keep it current so that we can contact you about your Account.
We may require additional verification before we allow you to change the email address or payment method on your Account.

[thirdparty]
{svc} may contain links to, or integrations with, websites and services operated by third parties, which are governed by their own terms.
{P} {P_is} not responsible for third-party services and {P_does} not warrant them.
If {C} enable{C_s} a third-party integration, {C} authorize{C_s} {Po} to share Customer Data with the provider of that integration as needed for it to work.
Open-source components included in {svc} are licensed under their own licences, which are listed in the Documentation.
Marketplace offerings are provided by their publishers, and {Pp} only role is to make them available through {svc}.
{P} may disable an integration that no longer meets {Pp} security requirements.

[beta]
{P} may offer preview features free of charge for evaluation, and they are excluded from the service levels and from {Pp} indemnity obligations.
Preview features may be discontinued at any time without notice.
{C} should not use preview features with production data or in production workloads.
Information about the performance of preview features is Confidential Information of {P}.
Feedback on preview features helps {Po} decide whether to make them generally available.

[ai-output]
{C} {C_is} responsible for reviewing Outputs for accuracy and suitability before using them.
Outputs may not be unique, and other users may receive similar Outputs.
{P} will not use Inputs or Outputs to train {Pp} models unless {C} opt{C_s} in.
{svc} may apply content filters that block Inputs or Outputs that appear to breach the usage rules.
Model outputs reflect patterns in the training data and may contain errors or biases that are not apparent on their face.
{P} may keep Inputs and Outputs for up to {n30} days to detect and investigate abuse, after which they are deleted.
{C} must not use Outputs to develop models that compete with {svc}.

[licence]
Subject to {agr}, {P} grant{P_s} {Co} a worldwide, non-exclusive, royalty-free licence to use, reproduce, modify and distribute the Model and its Derivatives.
If {C} distribute{C_s} the Model or any Derivative, {C} must include a copy of {agr} and keep all copyright and attribution notices intact.
{C} must clearly mark any modified files to show that {C} changed them.
{C} may put {Cp} own copyright notice on changes that {C} make{C_s}, as long as any extra terms for those changes are consistent with {agr}.
If {C} start{C_s} patent litigation alleging that the Model infringes a patent, all licences granted to {Co} under {agr} end on the date the litigation is filed.
{agr} {agr_does} not grant permission to use {Pp} trade names or trade marks, except as needed to describe the origin of the Model.
Except where the law requires otherwise or the parties agree in writing, the Model comes with no warranty or condition of any kind and is provided as it stands.
{C} {C_is} solely responsible for deciding whether using or redistributing the Model is appropriate, and for the risks of doing so.
{P} claim{P_s} no rights in Outputs that {C} generate{C_s} with the Model.
Commercial use by an organization with more than {users} monthly active users requires a separate licence from {P}.
A Derivative must carry a prominent notice stating that it is based on the Model and identifying the version used.
""")


# Clauses about the concepts the linter checks. "<concept>.strong" and
# "<concept>.weak" are picked according to each document's profile.
CONCERNED = parse_banks(r"""
[leadin.binding]
{C} shall not, and shall not permit any {EU} or other third party to, use {svc} to:
You may not use {svc} to:
{C} agree{C_s} not to use, and not to allow anyone else to use, {svc} to:
Without limiting any other provision of {agr}, {C} must not use {svc} or any Output to:
You agree that you will not, directly or indirectly, use {svc} to:
Under no circumstances may {svc} be used to:
{C} will not use {svc}, and will ensure that {Cp} {EU} do not use {svc}, to:
The following uses are prohibited. {C} must not use {svc} to:
It is not permitted to use {svc}, in whole or in part, to:
{C} shall not use the Model, any Derivative or any Output to:
No one may use {svc} to:

[leadin.hortatory]
{P} ask{P_s} that {C} not use {svc} to:
{C} should not use {svc} to:
{P} discourage{P_s} any use of {svc} to:
As a general guide, users should avoid using {svc} to:

[item.generic]
send unsolicited bulk messages, chain letters or other forms of spam
distribute viruses, worms, ransomware or other malicious code
scan, probe or test any system or network for vulnerabilities without the owner's authorization
circumvent any rate limit, quota, authentication or other access control that applies to {svc}
copy, modify or create derivative works of {svc} except as expressly permitted in {agr}
reverse engineer, decompile or disassemble any part of {svc}, except to the extent that applicable law does not allow this restriction
resell, sublicense or lease {svc} to any third party without {Pp} written consent
mine cryptocurrency on resources provided under {agr} without {Pp} prior written approval
harvest or scrape data from {svc} by automated means other than through the documented interfaces
access {svc} in order to build a competing product or to copy its features or user interface
interfere with or disrupt the integrity or performance of {svc} or of the data contained in it
publish the results of benchmark tests run on {svc} without {Pp} prior consent
host or transmit material that is defamatory, obscene or harassing
create, upload or share child sexual abuse material or any content that sexualizes minors
threaten, harass, stalk, bully or intimidate any person
promote or incite violence, terrorism or violent extremism
defraud any person, including through phishing, pyramid schemes or fake reviews
collect personal data about other users without giving notice and obtaining any consent that the law requires
send communications that conceal or misstate the identity of the sender
overload {svc} with traffic in a way that degrades it for other customers
operate open relays, open proxies or other services that allow anonymous abuse of third-party systems
post content that promotes self-harm, eating disorders or dangerous challenges
sell or advertise firearms, controlled substances or counterfeit goods
gain unauthorized access to any account, system or data
use another person's account without their permission

[item.rights-generic]
infringe, misappropriate or violate the intellectual property rights of any third party
violate the rights of others, including their rights of privacy and publicity
infringe any third party's rights, or encourage others to do so
violate the legal rights of any person, including rights of privacy, publicity or intellectual property

[item.unlawful]
violate any applicable law, regulation or court order
engage in or promote any illegal activity
break any law or regulation of any country in which {svc} {svc_is} used
do anything that is unlawful, or that facilitates or encourages unlawful activity by others

[item.hr]
facilitate human trafficking, forced labor or any other form of modern slavery
suppress freedom of expression or peaceful assembly, including by identifying or tracking journalists, activists or political dissidents
deny people access to essential services on the basis of who they are or what they believe

[item.surveillance.strong]
conduct or facilitate mass surveillance, or the persistent tracking of any individual's location, movements or communications
monitor employees, students or members of the public covertly or without their informed consent
track, profile or monitor individuals over time without their knowledge, whether or not local law would allow it
build databases of people's whereabouts, associations or activities for the purpose of monitoring them

[item.surveillance.weak]
engage in unlawful surveillance or unlawful monitoring of individuals
track the real-time location of individuals in the United States without their consent
carry out surveillance of any person in violation of applicable privacy laws
monitor individuals' communications, except as part of an authorized law-enforcement operation

[item.frt.strong]
identify individuals by facial recognition on behalf of any police force, law-enforcement agency or immigration authority
perform facial recognition, face identification or face matching by or for any law-enforcement agency, in any country
match images of faces against watchlists or mugshot databases for police or border-control purposes

[item.frt.weak]
carry out facial recognition for a state or local police department in the United States
perform real-time facial recognition in publicly accessible spaces for law-enforcement purposes, except where a court has authorized it in connection with a serious crime
provide unlawful facial recognition services to law-enforcement agencies

[item.biometric.strong]
identify or categorize people using biometric data such as face, voice, gait or fingerprints without their explicit consent
infer a person's race, ethnicity, religion, sexual orientation, political opinions or emotional state from images, voice recordings or other biometric data
build or enlarge facial recognition databases by scraping images of faces from the internet or from video footage

[item.biometric.weak]
collect biometric identifiers of residents of Illinois without the notices required by law
use biometric data in violation of applicable biometric privacy laws

[item.predictive.strong]
predict whether a particular individual is likely to commit a crime
assign risk scores to individuals for law-enforcement, immigration or border-control purposes
make or support automated decisions about arrest, detention, bail, sentencing or deportation

[item.predictive.weak]
predict the criminality of individuals in real time from live video feeds
assess the risk that a person will offend, except when used as one input among others by a criminal justice agency

[item.discrimination.strong]
discriminate against individuals on the basis of race, color, ethnicity, national origin, religion, sex, gender identity, sexual orientation, disability or age
make decisions about employment, housing, credit, insurance or education that treat people differently because of their race, ethnic origin, religion, gender, disability or other protected characteristic
profile people by race, ethnicity or religion in order to deny them access to goods, services or public benefits

[item.discrimination.weak]
discriminate unlawfully against any person on the basis of a legally protected characteristic
make employment or credit decisions that unfairly discriminate against protected groups
profile individuals by religion, sexual orientation or disability in order to deny them access to services

[item.deception.strong]
impersonate any person or organization, or falsely state or imply an affiliation with them
create or distribute synthetic images, audio or video of a real person without clear disclosure that the content is synthetic
generate or spread disinformation intended to mislead the public about elections, public health or emergencies
present Outputs as human-generated, or conceal that a user is interacting with an automated system

[item.deception.weak]
create deepfakes of political candidates in the United States during an election period
distribute illegal deceptive content

[item.weapons.strong]
design, develop, manufacture or deploy weapons, munitions or explosives
support military operations, warfare or the targeting of persons
develop or produce nuclear, chemical, biological or radiological weapons
plan or carry out attacks on critical infrastructure

[item.weapons.weak]
develop weapons in violation of applicable export control laws
build weapons systems, except for governments of NATO member states and their contractors

[item.highrisk.strong]
operate nuclear facilities, aircraft navigation or communication systems, air traffic control, life-support equipment or any other system in which a failure could lead to death, personal injury or severe environmental damage
control medical devices or make clinical decisions without review by a qualified professional
operate vehicles, heavy machinery or industrial control systems where a malfunction could put lives at risk

[item.highrisk.weak]
operate life-critical systems in the European Union without the certification required by law

# --- paragraphs for product-specific or "sensitive uses" sections ----------
[para.frt.strong]
{C} shall not use {prod}, and shall not permit any person to use it, for facial recognition, face identification or face matching by or on behalf of any police or law-enforcement agency, in any jurisdiction.
{prod} may not be used by or for a law-enforcement agency to identify individuals from images of their faces, whether the images are captured live or retrieved from recordings.
Use of the face identification features of {prod} by or for police, immigration or border authorities is prohibited, and this restriction applies to any system that incorporates them.
[para.frt.weak]
{C} may not use {prod} for facial recognition if {C} {C_is} a police department in the United States, or if {C} allow{C_s} such a department to use it.
Face identification features of {prod} must not be used by law-enforcement agencies on live camera feeds in real time.
{C} must not use {prod} to identify individuals for law-enforcement purposes, except in connection with the investigation of serious criminal offences.
[para.frt.permitted]
Government customers may use {prod} to support law-enforcement investigations, including facial identification of suspects from recorded footage, subject to the Limited Access terms.

[para.surveillance.strong]
{C} must not use {prod} to track, monitor or surveil individuals, including their location, movements, communications or online activity, without their knowledge and consent, and this restriction applies whether or not local law permits the activity.
{prod} may not be used for mass surveillance or for the persistent monitoring of specific individuals.
[para.surveillance.weak]
{C} must not use {prod} for unlawful tracking or monitoring of any person.
{C} may not use the location features of {prod} to track individuals in the European Union without the consent required by law.

[para.biometric.strong]
{C} shall not use {prod} to identify or verify people from their face, voice, gait or fingerprints, or to categorize them by race, religion, sexual orientation, political opinion or emotional state, except for identity verification that the person concerned has expressly consented to.
{prod} must not be used to infer sensitive characteristics of individuals, such as ethnicity, religious belief or sexual orientation, from biometric data.
[para.biometric.weak]
{C} must not use {prod} to process biometric identifiers in violation of applicable law.

[para.predictive.strong]
{C} must not use {prod} to predict whether any individual will commit an offence, to score individuals' risk for law-enforcement or immigration purposes, or to make decisions about arrest, detention or incarceration.
[para.predictive.weak]
{prod} should not be used as the only factor in assessing whether a person is likely to reoffend.

[para.discrimination.strong]
{C} shall not use {prod} in a way that discriminates against people on the basis of race, colour, ethnicity, national origin, religion, sex, gender identity, sexual orientation, disability or age, including in decisions about employment, housing, credit, education or access to public services.
[para.discrimination.weak]
{C} must not use {prod} to make decisions that unlawfully discriminate against protected groups.

[para.deception.strong]
{C} must not use {prod} to impersonate any person, to create synthetic speech or video of a real person without that person's consent, or to present synthetic media as authentic, and {C} shall clearly disclose to listeners and viewers that content produced with {prod} is synthetic.
[para.deception.weak]
{C} should disclose to listeners that a voice produced with {prod} is synthetic, where it is practical to do so.

[para.weapons.strong]
{C} shall not use {prod} for the development, production or use of weapons, or for military or warfare purposes.
[para.weapons.weak]
{C} shall not use {prod} for military purposes in violation of applicable export control laws.

[para.highrisk.strong]
{C} must not use {prod} in any application in which its failure could lead to death, serious bodily injury or severe physical or environmental damage, unless {P} {P_has} agreed to that use in writing.
[para.highrisk.weak]
{prod} is not designed or intended for use in hazardous environments requiring fail-safe performance, and any such use is at {Cp} own risk.
{C} acknowledge{C_s} that {prod} is not fault-tolerant and assume{C_s} all responsibility for any use in life-critical systems.

# --- leverage ---------------------------------------------------------------
[suspension.strong]
{P} may suspend {Cp} access to {svc}, or to any part of {svc}, with immediate effect and with or without notice, if {P} reasonably believe{P_s} that {C} or any {EU} has violated the use restrictions in {agr}.
If {P} become{P_s} aware of a use of {svc} that breaches the use restrictions, {P} may suspend the affected account or workload without liability until the breach has ended.
{P} may suspend or disable an Account at any time if {P} suspect{P_s} that {svc} {svc_is} being used in violation of the usage rules, and {P} will explain why unless doing so would compromise an investigation.
{P} may disable access to any {prod} resource that {P} reasonably suspect{P_s} is being used for a prohibited purpose.
Violation of any restriction in this section may result in immediate suspension of {Cp} use of {svc}.
{P} may temporarily suspend {svc} for {C} or any {EU} whose use, in {Pp} reasonable opinion, breaches these rules or threatens harm to any person.
[suspension.weak]
{P} may suspend {svc} if {C} fail{C_s} to cure a material breach of the use restrictions within thirty (30) days after receiving written notice describing it.
{P} may suspend {Cp} access only upon a final determination by a court of competent jurisdiction that {Cp} use of {svc} is unlawful.
If any amount owed by {C} is more than {dur} overdue, {P} may suspend {svc} until all overdue amounts are paid.
{P} may suspend access to {svc} to the extent necessary to prevent an imminent threat to the security or integrity of {Pp} network.

[termination.strong]
{P} may terminate {agr} immediately by written notice if {C} or any {EU} breaches the use restrictions in Section {n}.
{P} may end access to {svc} and close the Account if the account holder violates {agr}, and may do so without prior notice in serious cases.
Any breach of the use restrictions in {agr} automatically terminates the licence granted to {Co}.
{P} may terminate the affected Order Form, in whole or in part, if {P} reasonably determine{P_s} that {svc} {svc_is} being used for a purpose that {agr} prohibit{agr_s}.
{P} may revoke {Cp} rights to use the Model if {C} use{C_s} it, or allow{C_s} others to use it, in breach of the use restrictions.
Repeated or serious violations of these rules will lead to permanent termination of access to {svc}.

[audit.strong]
{P} may audit {Cp} use of {svc}, on reasonable notice and during normal business hours, to verify compliance with {agr} and the use restrictions.
On {Pp} request, {C} shall provide within {sdur} the information and records that {P} reasonably require{P_s} to verify that {svc} {svc_is} being used in accordance with the use restrictions.
{P}, or an independent auditor appointed by {P}, may inspect {Cp} records and deployments of {prod} to confirm that they comply with the restrictions in Section {n}.
[audit.weak]
No more than once in any twelve (12) month period, and on at least {dur} prior written notice, {P} may audit {Cp} records solely to verify the number of licences deployed and the Fees payable.
Once a year, {C} shall give {Po} a certificate signed by an officer stating the number of Users and the Fees due.

[usecase.strong]
Before using {prod} in production, {C} must register each intended use case through the application form at {web}/access and obtain {Pp} written approval.
Access to {prod} is limited to customers that {P} {P_has} approved for a specific use case, and {C} may use {prod} only for the use case that {P} approved.
{C} shall notify {Po} in writing before using {svc} for any new use case that involves identifying individuals or making decisions about them, and shall not begin that use until {P} {P_has} confirmed it in writing.
When applying for access to {prod}, {C} must describe the intended deployment, the categories of people affected and the safeguards in place.
[usecase.weak]
{C} {C_is} encouraged to tell {Po} about {Cp} intended use case so that {P} can recommend appropriate safeguards.

[reporting.strong]
{C} shall notify {Po} within {sdur} after becoming aware of any misuse of {svc}, or of any credible allegation that {svc} {svc_has} been used in violation of the use restrictions.
{C} must promptly report to {Po} any incident in which {prod} contributed to harm to a person, including a mistaken identification.
If {C} learn{C_s} that any {EU} is using {svc} in breach of the use restrictions, {C} shall inform {Po} without delay and take steps to stop that use.
[reporting.weak]
{C} should let {Po} know if {C} become{C_s} aware of any misuse of {svc}.
{C} {C_is} encouraged to report suspected abuse of {svc} to {abuse_email}.
{C} shall use reasonable efforts to notify {Po} of violations of the use restrictions of which {C} become{C_s} aware.

[cooperation.strong]
{C} shall cooperate fully with any investigation by {P} of a suspected violation of {agr}, including by providing information, records and access to relevant personnel.
{C} agree{C_s} to cooperate with {Po} in good faith to investigate and stop any misuse of {svc} by {C} or {Cp} {EU}.
During an investigation of suspected misuse, {C} shall preserve relevant logs and make them available to {Po} on request.
[cooperation.weak]
{C} will provide such cooperation as is commercially reasonable in connection with {Pp} investigation of suspected abuse.

[training.strong]
{C} shall ensure that each person who operates {prod} completes {Pp} responsible-use training before being given access, and at least once a year after that.
{C} must train {Cp} personnel in the lawful, fair and rights-respecting use of {svc}, including the limits of automated identification, before they use any Output to make decisions about individuals.
[training.weak]
{P} offer{P_s} optional training on responsible use, and {C} {C_is} encouraged to make it available to {Cp} staff.
{C} should, where practicable, give {Cp} users appropriate training in the use of {svc}.

[oversight.strong]
{C} shall ensure that no decision producing legal or similarly significant effects for an individual is based solely on an Output, and that each such decision is reviewed by a human with the authority to change it.
A match or alert generated by {prod} must be reviewed by a trained human reviewer before any action is taken against the person concerned.
{C} must not use {svc} for fully automated decision-making about employment, credit, housing, education or access to public services.
[oversight.weak]
Where practicable, {C} should keep a human in the loop when using Outputs to make decisions about people.
{C} shall provide human oversight of automated decisions made with {svc} as appropriate to the risk involved.

[flowdown.strong]
{C} shall ensure that each {EU} is bound by terms at least as protective as the use restrictions in {agr}, and {C} {C_is} responsible for any breach of those terms by {Cp} {EU}.
If {C} distribute{C_s} the Model or a Derivative, {C} must include the use restrictions of {agr} as an enforceable provision in the agreement governing that distribution and must give recipients notice that they are bound by them.
{C} shall impose the restrictions of this section on {Cp} resellers, sub-licensees and subcontractors and shall be liable for their compliance as if their acts were {Cp} own.
{C} {C_is} responsible for the conduct of every {EU} who accesses {svc} through {Cp} account, and any breach by them is treated as a breach by {C}.
[flowdown.weak]
{C} shall use reasonable efforts to ensure that {Cp} {EU} comply with the use restrictions.
{C} should inform {Cp} customers of the restrictions in this section.
{C} shall pass the use restrictions on to {Cp} sub-licensees, but {C} {C_is} not liable for their conduct.

# --- human rights -----------------------------------------------------------
[commitment.strong]
{C} shall respect internationally recognized human rights in {Cp} use of {svc} and shall not use {svc} in a way that causes or contributes to adverse human rights impacts.
{P} {P_is} committed to respecting human rights, and {C} agree{C_s} to use {svc} consistently with that commitment, including by refraining from uses that infringe the rights to privacy, freedom of expression, freedom of assembly and non-discrimination.
{C} must not use {svc} to violate human rights, including the rights to privacy, freedom of expression, peaceful assembly and equal treatment.
[commitment.weak]
We encourage our customers to consider the human rights implications of their deployments.
{C} should use {svc} responsibly and with respect for the dignity of others.
{P} hope{P_s} that everyone who uses {svc} will treat others with respect.
{C} shall not use {svc} in a manner that violates the rights of others.

[framework.strong]
{C} shall use {svc} only in ways that are consistent with the UN Guiding Principles on Business and Human Rights.
{P} carr{P_ies} out human rights due diligence in line with the UN Guiding Principles on Business and Human Rights and the OECD Guidelines for Multinational Enterprises.
Prohibited uses include any use that would infringe a right protected by the Universal Declaration of Human Rights or by the International Covenant on Civil and Political Rights.
{P} support{P_s} the principles of the UN Global Compact and the ILO Declaration on Fundamental Principles and Rights at Work, and expect{P_s} {Pp} customers and suppliers to do the same.
[framework.weak]
{C} shall comply with international human rights law in {Cp} use of {svc}.
{C} must use {svc} in a way that respects fundamental rights.

[policy.strong]
{C} acknowledge{C_s} {Pp} {hrdoc}, available at {web}/human-rights, and agree{C_s} not to use {svc} in a manner inconsistent with it.
This section gives effect to the commitments in {Pp} {hrdoc} for the products covered by {agr}.
[policy.weak]
{C} shall comply with {Pp} Code of Conduct and the other policies published on {Pp} website, as updated from time to time.

[grievance.strong]
Anyone, whether or not they have an account, may report a suspected violation of these rules, or a concern about the effect of {svc} on people's rights, by writing to {abuse_email} or using the form at {web}/report.
{P} review{P_s} every report received, will not retaliate against anyone who reports in good faith, and will tell the person who reported what action, if any, was taken.
Reports of misuse may be made anonymously, and {P} will acknowledge each report within {sdur} and respond once the review is complete.
[grievance.weak]
If you have questions about {agr}, contact {Po} at {legal_email}.
Customers may report abuse of their own account through the support portal.
To report copyright infringement, send a notice to {Pp} designated agent at {legal_email}.

[remedy.strong]
Where {P} learn{P_s} that {svc} {svc_has} caused or contributed to an adverse impact on any person's human rights, {P} will provide for, or cooperate in, remediation through legitimate processes.
[remedy.weak]
Where required by law, {P} will provide remedies to persons harmed by {svc}.

[gov.strong]
{P} will disclose Customer Data to a government or law-enforcement authority only in response to valid and binding legal process, and will first try to redirect the authority to request the data directly from {C}.
Unless legally prohibited, {P} will notify {Co} of any government request for {Cp} data and provide a copy of the request, so that {C} can seek a protective order.
{P} review{P_s} every government request for scope and legality, challenge{P_s} requests that are overbroad or inconsistent with human rights, and disclose{P_s} only the minimum data necessary to comply.
{P} publish{P_es} a transparency report at least twice a year showing the number and type of government requests received and how {P} responded.
[gov.weak]
{P} may disclose {data} to government authorities as required by law.
{P} may share information with law enforcement in response to lawful requests.
""")


OTHER = parse_banks(r"""
[aup-intro]
{agr} describes the uses of {svc} that {P} do{P_es} not allow, and it applies in addition to the agreement under which {C} obtained access.
{agr} applies to everyone who uses {svc}, including {Cp} {EU}, and {C} {C_is} responsible for making sure that they follow it.
The examples below are not exhaustive, and {P} may treat other conduct as a violation where it has a similar purpose or effect.
{P} want{P_s} {svc} to be safe and trustworthy for everyone, and these rules explain what that means in practice.
If {C} {C_is} unsure whether a particular use is allowed, {C} should contact {Po} before starting it.
Capitalized terms that are not defined here have the meanings given to them in the agreement that governs {Cp} use of {svc}.
{P} may update {agr} to address new risks, and the current version is always available at {web}/aup.
These rules apply to every product and feature that {P} offer{P_s}, including free tiers, trials and previews.

[aup-content]
Content must not depict sexual violence or the exploitation of vulnerable people.
Satire and commentary are allowed, but they must be recognizable as such to a reasonable reader.
Graphic violence may be shared for documentary, educational or news purposes if it is labeled with a warning.
Sexually explicit material is permitted only in spaces that are age-restricted and clearly marked.
Personal information about others, such as home addresses, identity document numbers or private phone numbers, must not be published without consent.
Content that attacks people because of their race, ethnicity, religion, gender, sexual orientation or disability is not allowed.
Content that glorifies recent violent attacks or their perpetrators will be removed.
Misleading content about how, when or where to vote is not allowed.
Content shared for the purpose of harassing a specific person is not allowed, even if each individual message would otherwise be acceptable.

[aup-security]
Users must not attempt to access data that is not intended for them, or to log in to an account that they are not authorized to use.
Network scanning, penetration testing and load testing against {svc} require prior written permission.
Traffic that degrades {svc} for others, including denial-of-service attacks, is prohibited.
Forging any part of a message header, or otherwise disguising the origin of traffic, is prohibited.
Users must keep their systems patched and respond promptly to notices that a system under their control has been compromised.
Hosting the command-and-control infrastructure of a botnet is prohibited.
Security research is welcome when it follows the disclosure policy at {web}/security.

[enforcement]
{P} may investigate any suspected violation of {agr} and may remove or disable access to the material concerned.
The action {P} take{P_s} depends on the severity of the violation, whether it has happened before and the harm it caused or could cause.
{P} may report conduct that appears to be criminal to the appropriate authorities.
Where possible, {P} will give {Co} a chance to correct a violation before taking action, but {P} {P_is} not required to do so.
{P} {P_is} not obliged to monitor {svc} for violations, and a decision not to act in one case does not waive the right to act in another.
If {C} believe{C_s} that a decision was made in error, {C} may appeal by replying to the enforcement notice within {dur}.
Appeals are decided by a reviewer who was not involved in the original decision.
{P} will restore access once {P} {P_is} satisfied that the problem has been resolved and is unlikely to recur.

[records]
{C} shall keep complete and accurate records relating to {Cp} use of {svc} for at least {n2} years after the end of the Subscription Term.
Each party shall comply with all laws and regulations applicable to its performance of {agr}.
Records kept under this section may be in electronic form, provided that they can be produced in a readable format on request.

[insurance]
Each party shall maintain, at its own expense, insurance with reputable insurers of the types and in the amounts customary in its industry.
{P} shall maintain professional liability insurance of at least {amount} per claim and cyber liability insurance of at least {amount} in the aggregate.
On request, each party shall provide a certificate of insurance showing the required coverage.
The insurance required by this section does not limit either party's liability under {agr}.

[proserv]
Professional Services will be described in a statement of work that identifies the deliverables, milestones and fees.
Unless the statement of work says otherwise, Professional Services are billed on a time-and-materials basis at the rates in the current rate card.
{C} shall review each deliverable within {dur} of delivery and either accept it or explain in writing how it fails to meet the agreed specification.
Personnel assigned to {Cp} project will follow {Cp} reasonable site rules while on {Cp} premises.
Either party may request changes to a statement of work, but no change is binding until both parties sign a change order.
Estimates of effort are given in good faith but are not binding unless the statement of work sets a fixed price.

[dpa]
The subject matter of the processing is the provision of {svc}, and the processing lasts for the Subscription Term plus the period needed to return or delete the data.
The categories of data subjects include {Cp} employees, contractors and customers, and any other individuals whose data {C} submit{C_s} to {svc}.
The types of Personal Data processed may include names, contact details, online identifiers, {data} and any other data that {C} choose{C_s} to submit.
{P} shall implement the technical and organizational measures described in Annex {n} and may update them, provided that the overall level of protection is not reduced.
{P} shall make available all information necessary to demonstrate compliance with Article 28 of the GDPR and shall allow for and contribute to audits of {Pp} processing.
Audits of {P} under this Addendum take place no more than once a year, on at least {dur} notice, during business hours and at the requesting party's expense.
{P} shall assist {C} with data protection impact assessments and prior consultations with supervisory authorities, to the extent the GDPR requires.
Where {P} receive{P_s} a request from a data subject, {P} will direct the data subject to {C} and will not respond directly unless authorized to do so.
The Standard Contractual Clauses, Module Two (controller to processor), are incorporated by reference with the options selected in Annex {n}.
If this Addendum conflicts with the Standard Contractual Clauses, the Standard Contractual Clauses prevail.
{P} shall keep a record of all categories of processing carried out on behalf of {C}.
Personal Data will be deleted within {dur} after the end of the processing, except where storage is required by Union or Member State law.

[sla]
The Monthly Uptime Percentage is the total number of minutes in a month, minus the minutes of Downtime, divided by the total number of minutes in the month.
Downtime means a period of at least five consecutive minutes during which more than five percent of requests to {svc} fail.
To receive a Service Credit, {C} must open a support ticket that gives the dates and times of each incident and lists the affected resources.
Service Credits are applied to the next invoice after {P} confirm{P_s} the claim.
The service levels do not apply to features labeled as previews.
{P} will publish a post-incident report for any outage that lasts more than {n2} hours.
Scheduled maintenance is announced on the status page at least {sdur} in advance and is excluded from Downtime.

[product]
{prod} lets {C} {capability}.
Pricing for {prod} is based on the number of {unit} processed each month, as shown on the pricing page.
{prod} stores {data} in the region selected when the resource is created.
The accuracy of {prod} varies with the quality of the input, the language used and other conditions, and {C} {C_is} responsible for testing it in the intended environment.
{C} must display the attribution notice required by the Documentation wherever results from {prod} are shown to end users.
Usage of {prod} counts towards the quotas of {Cp} subscription.
{P} may change the models underlying {prod} and will give at least {dur} notice before retiring a model version.
{prod} is not available in all regions, and some of its features require a separate subscription.
The documentation for {prod} describes recommended configurations and known limitations.
Data submitted to {prod} is processed only to provide the service and is not used to improve {Pp} models unless {C} opt{C_s} in.
{prod} includes sample code that {C} may use and modify solely for use with {prod}.
Containers that run {prod} on {Cp} own infrastructure must connect to {Pp} metering endpoint at least once every {n2} days.
{C} may not use {prod} to build a data set for training a competing service.
Free-tier usage of {prod} is capped at {n5} thousand {unit} per month.
{P} may publish usage guidelines for {prod}, and {C} should follow them to get reliable results.

[preamble.contract]
By signing an Order Form that refers to {agr}, or by clicking to accept {agr}, {C} agree{C_s} to be bound by it.
A person who accepts {agr} for an organization confirms that the organization has authorized them to do so.
{agr} take{agr_s} effect on the Effective Date and govern{agr_s} every Order Form that refers to it.
[preamble.tos]
Welcome to {coshort}. These Terms apply whenever you visit or use {svc}, including our websites, mobile apps and APIs.
Please read these Terms carefully. By creating an Account or using {svc}, you agree to them.
If you do not accept these Terms, please do not use {svc}.
These Terms include an agreement to resolve disputes by individual arbitration, which affects your rights.
[preamble.license]
{agr} governs the use, reproduction and distribution of the model weights, code and documentation released by {co}.
By downloading, using or distributing any part of the Model, {C} accept{C_s} {agr}.
{co} releases the Model to support research and responsible commercial use, and the use restrictions below are a condition of the licence.
[preamble.product]
These product terms apply to the products listed below and supplement the agreement under which {C} purchased them.
If these product terms conflict with the agreement, these product terms prevail for the product concerned.
Products not listed here are governed only by the agreement and the Documentation.
""")

TITLES = {
    "definitions": ["Definitions", "Definitions and Interpretation", "Defined Terms"],
    "services": ["The Services", "Provision of Services", "Use of the Services", "Access and Use", "Scope of Services"],
    "customer": ["Customer Responsibilities", "Your Responsibilities", "Customer Obligations", "Obligations of Customer"],
    "restrictions": ["Use Restrictions", "Restrictions", "Acceptable Use", "Prohibited Uses", "Restrictions on Use"],
    "fees": ["Fees and Payment", "Payment Terms", "Fees, Invoicing and Taxes", "Charges and Payment"],
    "term": ["Term and Termination", "Term, Renewal and Termination", "Duration and Termination"],
    "suspension": ["Suspension", "Suspension of Services", "Temporary Suspension"],
    "ip": ["Intellectual Property", "Ownership", "Proprietary Rights", "Intellectual Property Rights"],
    "confidentiality": ["Confidentiality", "Confidential Information", "Non-Disclosure"],
    "warranties": ["Warranties", "Representations and Warranties", "Limited Warranty"],
    "disclaimers": ["Disclaimers", "Disclaimer of Warranties", "No Other Warranties"],
    "liability": ["Limitation of Liability", "Limitations of Liability", "Liability"],
    "indemnity": ["Indemnification", "Indemnities", "Defence of Third-Party Claims"],
    "law": ["Governing Law and Jurisdiction", "Governing Law", "Disputes", "Dispute Resolution"],
    "notices": ["Notices", "Notices and Communications"],
    "assignment": ["Assignment", "Assignment and Subcontracting"],
    "force-majeure": ["Force Majeure", "Events Beyond Control"],
    "privacy": ["Data Protection", "Privacy and Data Protection", "Privacy", "Processing of Personal Data"],
    "security": ["Security", "Information Security", "Data Security"],
    "export": ["Export Control and Sanctions", "Compliance with Laws", "Trade Controls", "Export Compliance"],
    "support": ["Support and Service Levels", "Support", "Service Levels"],
    "changes": ["Changes to These Terms", "Modifications", "Amendments to the Terms", "Updates to this Agreement"],
    "misc": ["General", "Miscellaneous", "General Provisions", "Boilerplate"],
    "content": ["Your Content", "User Content", "Content You Submit"],
    "accounts": ["Accounts", "Account Terms", "Your Account"],
    "thirdparty": ["Third-Party Services", "Third-Party Products and Integrations", "Links and Integrations"],
    "beta": ["Previews and Beta Features", "Preview Features", "Beta Services"],
    "ai-output": ["Outputs", "Inputs and Outputs", "AI-Generated Content", "Generative AI Features"],
    "licence": ["License Grant", "Grant of Rights", "Licence", "Redistribution"],
    "audit": ["Audit", "Audit Rights", "Records and Audit", "Verification and Audit"],
    "responsible": ["Responsible Use", "Customer Responsibilities for Responsible Use", "Safeguards", "Use Obligations"],
    "hr": ["Human Rights", "Human Rights and Responsible Business", "Ethical Use", "Our Commitments"],
    "sensitive": ["Sensitive and High-Risk Uses", "Restricted Uses", "Sensitive Uses", "High-Risk Applications"],
    "enforcement": ["Enforcement", "Violations of this Policy", "Consequences of Violations", "How We Enforce this Policy"],
    "reporting": ["Reporting Violations", "Reporting Abuse", "How to Report Misuse", "Contact and Reports"],
    "gov": ["Government Requests", "Requests from Authorities", "Law Enforcement Requests", "Legal Requests for Data"],
    "aup-intro": ["Purpose and Scope", "Scope", "Introduction", "About this Policy", "Overview"],
    "aup-content": ["Content Standards", "Content Rules", "Prohibited Content"],
    "aup-security": ["Security and Network Abuse", "Network and System Integrity", "Security Rules"],
    "records": ["Records", "Compliance and Records"],
    "insurance": ["Insurance"],
    "proserv": ["Professional Services", "Consulting and Implementation Services"],
    "contact": ["Contact", "Contact Us", "Questions"],
}

SUBTITLES = {
    "services": ["Access", "Affiliates", "Updates", "Availability", "Subcontractors", "Usage Limits", "Orders"],
    "customer": ["Accounts", "Credentials", "Customer Data", "Consents", "Equipment", "Administrators"],
    "fees": ["Invoicing", "Payment Terms", "Taxes", "Disputed Amounts", "Late Payment", "Price Changes"],
    "term": ["Term", "Renewal", "Termination", "Effect of Termination", "Survival", "Data Export"],
    "ip": ["Ownership", "Customer Data", "Feedback", "Reservation of Rights", "Outputs"],
    "confidentiality": ["Use and Disclosure", "Exclusions", "Compelled Disclosure", "Return of Information", "Duration"],
    "warranties": ["Performance", "Authority", "Remedy", "Professional Services"],
    "liability": ["Exclusion of Damages", "Liability Cap", "Exceptions", "Allocation of Risk"],
    "indemnity": ["By Provider", "By Customer", "Procedure", "Mitigation", "Exclusive Remedy"],
    "law": ["Governing Law", "Jurisdiction", "Negotiation", "Arbitration", "Injunctive Relief"],
    "privacy": ["Compliance", "Processing Instructions", "Subprocessors", "International Transfers", "Security Incidents"],
    "security": ["Safeguards", "Certifications", "Encryption", "Personnel", "Testing"],
    "misc": ["Entire Agreement", "Severability", "Waiver", "Independent Contractors", "Counterparts", "Order of Precedence"],
    "restrictions": ["General Restrictions", "Prohibited Uses", "Sensitive Uses", "Third Parties"],
    "responsible": ["Human Oversight", "Training", "Reporting", "Cooperation", "End Users"],
    "enforcement": ["Investigation", "Suspension", "Termination", "Appeals"],
    "hr": ["Commitment", "Standards", "Policy", "Remediation"],
    "gov": ["Disclosure", "Notice", "Transparency"],
}


DEFINITIONS = [
    ("Affiliate", "an entity that a party controls, an entity that controls a party, or an entity under the same control as a party, where one entity controls another if it holds a majority of its voting shares or can direct its management"),
    ("Agreement", "these terms together with each Order Form, the Documentation and any addenda signed by the parties that refer to them"),
    ("Authorized User", "an employee, contractor or agent whom {C} permit{C_s} to access {svc} on {Cp} behalf"),
    ("Confidential Information", "information that one party discloses to the other and that is marked confidential, or that a reasonable recipient would treat as confidential from its nature and the circumstances of disclosure"),
    ("Customer Data", "data, files and other material that {C} or {Cp} Users submit to {svc}"),
    ("Documentation", "the user guides, technical specifications and online help that {P} make{P_s} available for {svc}, as updated from time to time"),
    ("Effective Date", "the date on which {C} first accept{C_s} {agr} or, if earlier, first use{C_s} {svc}"),
    ("Fees", "the amounts payable for {svc} as stated in the applicable Order Form or on the pricing page"),
    ("Order Form", "an ordering document or online order that refers to {agr} and specifies the services purchased, the quantities, the Subscription Term and the Fees"),
    ("Output", "any text, image, audio, code or other content generated by {svc} in response to an Input"),
    ("Input", "any prompt, data or other material that {C} provide{C_s} to {svc} for processing"),
    ("Personal Data", "information about an individual who is identified, or who can be identified, that is processed under {agr}"),
    ("Subscription Term", "the period stated in the Order Form during which {C} may use {svc}, together with each renewal period"),
    ("Security Incident", "any confirmed unauthorized access to, or acquisition, disclosure or loss of, Customer Data held in systems that {P} control{P_s}"),
    ("Subprocessor", "a third party engaged by {P} to process Personal Data on behalf of {C}"),
    ("Third-Party Materials", "software, data or services provided by a party other than {P} that interoperate with {svc}"),
    ("Model", "the machine-learning model weights, parameters and associated inference code that {P} release{P_s} under {agr}, including any updates"),
    ("Derivative", "any modification of the Model, any work based on the Model, and any model trained or fine-tuned on the Model's parameters or outputs in order to reproduce its behavior"),
    ("Law Enforcement Agency", "any police force, sheriff's office, prosecutor, immigration or border authority, or other government body whose functions include the investigation or prosecution of criminal offences"),
    ("High-Risk Use", "any use in which a failure or inaccuracy of {svc} could reasonably be expected to lead to death, serious bodily injury or significant environmental or property damage"),
    ("Acceptable Use Policy", "the policy governing permitted and prohibited uses of {svc}, published at {web}/aup, as amended from time to time"),
    ("Professional Services", "implementation, training, configuration or consulting services described in a statement of work"),
    ("Support Services", "the technical support that {P} provide{P_s} for {svc} under the support policy then in effect"),
    ("Usage Data", "technical and statistical information about the operation and use of {svc}, excluding Customer Data"),
    ("Service Credit", "the credit against future Fees that {C} may claim under the service level terms"),
    ("Sanctioned Person", "any individual or entity named on a sanctions list maintained by the United Nations, the European Union, the United Kingdom or the United States, or owned or controlled by such a person"),
    ("Feedback", "suggestions, comments or ideas for improving {svc} that {C} or {Cp} Users give to {P}"),
    ("Business Day", "any day other than a Saturday, a Sunday or a public holiday in {city}"),
    ("Intellectual Property Rights", "patents, copyrights, trade marks, design rights, database rights, trade secrets and all similar rights anywhere in the world, whether registered or not"),
    ("Malicious Code", "viruses, worms, time bombs, Trojan horses and other harmful code, files, scripts or programs"),
    ("Content", "text, images, audio, video, software and other material that is posted, uploaded or otherwise made available through {svc}"),
    ("Account", "the account created to access {svc}, together with its credentials"),
    ("Distribution", "any transfer of a copy of the Model or a Derivative to a third party, including by making it available over a network as a hosted service"),
    ("Deliverables", "the reports, configurations and other materials that {P} deliver{P_s} to {C} as part of Professional Services"),
    ("Downtime", "any period during which {svc} cannot be accessed by {C} for reasons within {Pp} control, excluding scheduled maintenance"),
]

# Slots filled afresh at each use (values may contain slots themselves).
DYNAMIC = {
    "dur": ["thirty (30) days", "30 days", "sixty (60) days", "ninety (90) days", "forty-five (45) days",
            "fourteen (14) days", "one (1) month", "two months", "twelve (12) months", "ten (10) business days",
            "twenty working days", "seven days", "15 days", "three (3) months"],
    "dur2": ["one year", "twelve (12) months", "one (1) year", "the same length as the expiring term", "twenty-four months"],
    "sdur": ["24 hours", "forty-eight (48) hours", "seventy-two (72) hours", "five (5) business days",
             "three working days", "two (2) business days", "72 hours"],
    "law": ["the State of Delaware", "the State of New York", "the State of California", "the State of Washington",
            "England and Wales", "Scotland", "Ireland", "the Netherlands", "Singapore", "the Province of Ontario",
            "New South Wales", "the Commonwealth of Massachusetts", "Germany", "Switzerland", "the State of Texas"],
    "court": ["the state and federal courts located in Wilmington, Delaware", "the courts of England and Wales",
              "the courts of Dublin, Ireland", "the state and federal courts in King County, Washington",
              "the courts of the canton of Zurich", "the District Court of Amsterdam",
              "the state or federal courts sitting in San Francisco, California",
              "the courts of the Province of Ontario sitting in Toronto", "the courts of Singapore"],
    "arb": ["the London Court of International Arbitration", "the International Chamber of Commerce",
            "JAMS", "the American Arbitration Association", "the Singapore International Arbitration Centre",
            "the Netherlands Arbitration Institute"],
    "city": ["London", "New York", "Dublin", "Singapore", "Toronto", "Amsterdam", "Zurich", "San Francisco",
             "Seattle", "Edinburgh", "Wilmington", "Sydney", "Munich", "Montréal", "Zürich", "Malmö"],
    "data": ["Customer Data", "personal data", "account information", "usage data", "log data", "billing information",
             "support tickets", "audio recordings", "images and video", "device identifiers", "location data",
             "metadata", "prompts and outputs", "diagnostic data", "contact details", "transaction records"],
    "amount": ["US$1,000,000", "$500,000", "€250,000", "£1,000,000", "US$100", "five million dollars ($5,000,000)",
               "two times the Fees paid in the preceding twelve months", "£50", "€2,000,000", "$5,000,000"],
    "pct": ["1.5%", "one percent (1%)", "1%", "two percent", "0.5%"],
    "pct2": ["25%", "thirty percent (30%)", "50%", "10%"],
    "n": [str(i) for i in range(2, 19)],
    "n2": ["two", "three", "five", "2", "3", "seven"],
    "n5": ["five", "three", "10", "two", "six"],
    "n12": ["twelve (12)", "twelve", "six", "12", "twenty-four"],
    "n30": ["30", "thirty", "14", "45"],
    "age": ["13", "16", "18"],
    "users": ["700 million", "100 million", "one million", "10,000,000"],
    "mailbox": ["legal", "notices", "contracts", "legal-notices", "privacy"],
    "legal_email": ["{mailbox}@{domain}"],
    "abuse_email": ["abuse@{domain}", "report@{domain}", "trust@{domain}", "safety@{domain}"],
    "addr": ["{co}, Attention: General Counsel, {street}", "the address stated on the Order Form",
             "{co}, Legal Department, {street}"],
    "street": ["1200 Harbor Way, Suite 400, Seattle, WA 98101", "14 Canal Quay, Dublin 2, D02 X285, Ireland",
               "Unit 5, 22 Weaver's Yard, London EC2A 4BT", "Keizersgracht 410, 1016 GC Amsterdam",
               "88 Rue de la Tour, 75016 Paris", "350 Bay Street, 9th Floor, Toronto, ON M5H 2S6",
               "Bahnhofstrasse 17, 8001 Zürich", "9 Raffles Place, #20-01, Singapore 048619",
               "Calle de Alcalá 48, 28014 Madrid", "Storgatan 12, 211 41 Malmö"],
    "capability": ["capab"],  # replaced per product category
    "unit": ["unit"],         # replaced per product category
}

CATEGORIES = {
    # category: (product names, capability, unit, concepts its terms tend to restrict)
    "vision": (["Vision", "Face", "Image Analysis", "Spatial Vision", "Vision Read", "Content Safety", "Image Search"],
               "detect, analyze and describe objects, text and faces in images and video", "transactions",
               ["frt", "biometric", "surveillance", "oversight", "usecase"]),
    "voice": (["Speech", "Voice Studio", "Custom Voice", "Dictation", "Transcribe", "Call Analytics", "Voice Agent"],
              "convert speech to text, synthesize natural-sounding speech and create custom voices", "audio hours",
              ["deception", "biometric", "usecase"]),
    "location": (["Maps", "Location Services", "Fleet Tracker", "Geofence", "Routes", "Places"],
                 "collect, store and query location data from mobile devices and vehicles", "active devices",
                 ["surveillance"]),
    "identity": (["Identity Verify", "ID Match", "Liveness", "Document Check", "Age Estimation"],
                 "verify that a user matches the photograph on an identity document", "verifications",
                 ["biometric", "oversight", "usecase", "discrimination"]),
    "analytics": (["Insights", "Risk Analytics", "Forecast", "Decision Engine", "Data Studio", "Fraud Detector", "Customer Scoring"],
                  "analyze large data sets and build predictive models from {Cp} own data", "compute hours",
                  ["predictive", "discrimination", "oversight"]),
    "llm": (["Assistant", "Language Models", "Copilot", "Text Generation", "Agents", "Search Answers", "Code Assist"],
            "generate, summarize and translate text and code using large language models", "tokens",
            ["deception", "weapons", "highrisk", "oversight"]),
    "video": (["Video Indexer", "Video Search", "Camera Analytics", "Live Video", "Retail Footfall"],
              "index recorded video and search it for people, objects and spoken words", "minutes of video",
              ["frt", "surveillance", "biometric"]),
    "workforce": (["Workplace Analytics", "People Insights", "Productivity Score", "Hiring Assistant"],
                  "measure productivity and collaboration patterns across {Cp} organization", "licensed employees",
                  ["surveillance", "discrimination", "oversight"]),
    "storage": (["Object Storage", "Archive", "Backup", "File Sync", "Block Storage", "Data Lake"],
                "store and retrieve objects of any size with configurable redundancy", "gigabyte-months", []),
    "messaging": (["Messaging", "Notify", "Email Relay", "SMS Gateway", "Chat Widget"],
                  "send email, SMS and push notifications at scale", "messages", []),
    "docs": (["Document Intelligence", "Forms", "Translate", "OCR", "E-Signature", "Contract Review"],
             "extract text, key-value pairs and tables from scanned documents", "pages", []),
    "compute": (["Compute", "Functions", "Kubernetes Engine", "GPU Cloud", "Edge Nodes", "Batch"],
                "run virtual machines, containers and serverless functions", "vCPU hours", ["weapons"]),
}

NAME_A = ["Harrow", "Bright", "Quill", "Tessel", "Corv", "Aster", "Lumen", "Nor", "Vell", "Kestrel", "Orin",
          "Sable", "Mira", "Tallis", "Brae", "Ferro", "Halden", "Isel", "Juno", "Calder", "Wren", "Oakridge",
          "Pell", "Rook", "Sorrel", "Teag", "Umber", "Vantor", "Yarrow", "Zephyr", "Østerlund", "Bélanger",
          "Nørdvik", "Müllerhaus", "Peñalta", "Dvořák", "Løvås", "Åkerman", "Saint-Éloi", "Iñiguez"]
NAME_B = ["gate", "field", "on", "ract", "ane", "ix", "ora", "wick", "stone", "well", "lane", "bridge", "works",
          "", "", "", "mark", "ton", "by", "line"]
NAME_SUFFIX = ["Inc.", "LLC", "Ltd", "Limited", "plc", "GmbH", "B.V.", "S.A.", "AB", "ApS", "Pty Ltd", "Corp.",
               "Technologies, Inc.", "Systems Ltd", "Cloud Services Limited", "Labs, Inc.", "AI Ltd", "SAS"]

HR_DOCS = ["Global Human Rights Statement", "Human Rights Policy", "Statement on Human Rights",
           "Human Rights Commitment"]

# Spelling: templates are written in US English; UK documents convert.
UK_SPELLING = [
    (r"\b([Aa]uthori|[Oo]rgani|[Rr]ecogni|[Cc]ategori|[Ss]ummari|[Ss]ynthesi|[Ss]exuali|[Ss]tandardi|[Mm]inimi|[Cc]haracteri)z(e|es|ed|ing|ation|ations)\b", r"\1s\2"),
    (r"\b([Aa]naly)z(e|es|ed|ing)\b", r"\1s\2"),
    (r"\b([Bb]ehavi|[Cc]ol|[Ff]av|[Hh]on|[Ll]ab|[Ee]ndeav|[Nn]eighb)or(s|ed|ing|ation)?\b", r"\1our\2"),
    (r"\b([Dd]efen|[Oo]ffen|[Ll]icen)se\b(?! (?:to|the|it|its|our|your)\b)", r"\1ce"),
    (r"\b([Cc]ent)er(s)?\b", r"\1re\2"),
    (r"\b([Cc]atalog)\b", r"\1ue"),
    (r"\b([Ll]abel|[Cc]ancel|[Mm]odel|[Tt]ravel)(ed|ing)\b", r"\1l\2"),
    (r"\b([Ff]ulfi|[Ee]nro)ll\b", r"\1l"),
]
US_SPELLING = [
    (r"\bcentres\b", "centers"), (r"\bcentre\b", "center"),
    (r"\bprogramme\b", "program"), (r"\blicence\b", "license"), (r"\blicences\b", "licenses"),
    (r"\bLicence\b", "License"), (r"\b([Dd])efence\b", r"\1efense"), (r"\boffence\b", "offense"),
    (r"\boffences\b", "offenses"),
    (r"\bcolour\b", "color"), (r"\bendeavours\b", "endeavors"), (r"\bwilful\b", "willful"),
    (r"\bModelling\b", "Modeling"), (r"\brecognised\b", "recognized"), (r"\bauthorisation\b", "authorization"),
]
UK_RE = [(re.compile(a), b) for a, b in UK_SPELLING]
US_RE = [(re.compile(a), b) for a, b in US_SPELLING]
SLOT = re.compile(r"\{(\w+)\}")

ROMAN = ["", "I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII", "XIII", "XIV", "XV",
         "XVI", "XVII", "XVIII", "XIX", "XX", "XXI", "XXII", "XXIII", "XXIV", "XXV", "XXVI", "XXVII", "XXVIII",
         "XXIX", "XXX", "XXXI", "XXXII", "XXXIII", "XXXIV", "XXXV", "XXXVI", "XXXVII", "XXXVIII", "XXXIX", "XL"]


def roman(n):
    if n < len(ROMAN):
        return ROMAN[n]
    return str(n)


# ---------------------------------------------------------------------------
# Parties and document-level choices
# ---------------------------------------------------------------------------

KINDS = ["contract", "aup", "product-terms", "tos", "license"]
KIND_WEIGHTS = [30, 20, 20, 18, 12]
KIND_SIZES = {  # bytes: (min, max) of a document of this kind
    "contract": (30 * KB, 197 * KB),
    "aup": (20 * KB, 60 * KB),
    "product-terms": (30 * KB, 197 * KB),
    "tos": (25 * KB, 110 * KB),
    "license": (20 * KB, 45 * KB),
}

TITLE_CHOICES = {
    "contract": ["Master Subscription Agreement", "Cloud Services Agreement", "Customer Agreement",
                 "Master Services Agreement", "Enterprise Services Agreement", "Platform Subscription Agreement",
                 "SaaS Subscription Agreement", "Data Services Agreement", "{short} Customer Agreement",
                 "{short} Enterprise Agreement"],
    "aup": ["Acceptable Use Policy", "Usage Policy", "Acceptable Use Policy for {short} Services",
            "Responsible Use Policy", "{short} Acceptable Use Policy", "{short} Usage Policies"],
    "product-terms": ["Product Terms", "Service-Specific Terms", "Online Services Terms", "Product-Specific Terms",
                      "AI Services Terms", "Supplemental Terms for {short} AI Services", "{short} Service Terms"],
    "tos": ["Terms of Service", "Terms of Use", "User Terms of Service", "Website Terms of Use",
            "{short} Terms of Service", "{short} Terms of Use"],
    "license": ["{short} Model License", "{short} Community License Agreement", "Responsible AI License",
                "{short} Open Model Licence", "Software License Agreement", "{short} Research and Commercial Model License",
                "{short} Ethical Source License"],
}

# Probability that a document of the kind has the concept in (strong, weak) form.
PROFILE = {
    "aup": dict(frt=(.30, .20), surveillance=(.40, .30), biometric=(.30, .20), predictive=(.20, .10),
                discrimination=(.40, .30), deception=(.50, .25), weapons=(.35, .15), highrisk=(.30, .20),
                unlawful=(.80, 0), rights=(.60, 0), hr_items=(.30, 0), suspension=(.60, .20),
                termination=(.45, 0), audit=(.08, .04), usecase=(.08, .05), reporting=(.20, .20),
                cooperation=(.30, .10), training=(.03, .05), oversight=(.15, .10), flowdown=(.30, .25),
                commitment=(.20, .40), framework=(.12, .12), policy=(.10, .15), grievance=(.40, .35),
                remedy=(.03, .05), gov=(.04, .08), permitted=(.02, 0)),
    "contract": dict(frt=(.10, .10), surveillance=(.15, .15), biometric=(.08, .08), predictive=(.06, .04),
                     discrimination=(.15, .15), deception=(.12, .08), weapons=(.12, .06), highrisk=(.25, .35),
                     unlawful=(.70, 0), rights=(.60, 0), hr_items=(.10, 0), suspension=(.50, .35),
                     termination=(.40, 0), audit=(.35, .35), usecase=(.12, .08), reporting=(.20, .20),
                     cooperation=(.25, .10), training=(.08, .07), oversight=(.10, .10), flowdown=(.35, .30),
                     commitment=(.12, .35), framework=(.06, .08), policy=(.08, .15), grievance=(.05, .30),
                     remedy=(.05, .15), gov=(.25, .40), permitted=(.01, 0)),
    "product-terms": dict(frt=(.35, .25), surveillance=(.35, .25), biometric=(.35, .20), predictive=(.20, .10),
                          discrimination=(.30, .20), deception=(.35, .20), weapons=(.15, .10), highrisk=(.35, .25),
                          unlawful=(.60, 0), rights=(.40, 0), hr_items=(.10, 0), suspension=(.45, .30),
                          termination=(.35, 0), audit=(.25, .20), usecase=(.40, .10), reporting=(.25, .20),
                          cooperation=(.20, .10), training=(.12, .08), oversight=(.30, .20), flowdown=(.35, .25),
                          commitment=(.12, .30), framework=(.05, .08), policy=(.12, .12), grievance=(.10, .25),
                          remedy=(.02, .05), gov=(.10, .20), permitted=(.05, 0)),
    "tos": dict(frt=(.04, .04), surveillance=(.12, .15), biometric=(.05, .05), predictive=(.02, .02),
                discrimination=(.15, .15), deception=(.30, .15), weapons=(.08, .04), highrisk=(.10, .15),
                unlawful=(.85, 0), rights=(.75, 0), hr_items=(.10, 0), suspension=(.60, .25),
                termination=(.55, 0), audit=(.02, .02), usecase=(.02, .02), reporting=(.10, .15),
                cooperation=(.10, .05), training=(0, 0), oversight=(.03, .03), flowdown=(.05, .10),
                commitment=(.06, .45), framework=(.03, .05), policy=(.05, .20), grievance=(.30, .45),
                remedy=(.01, .03), gov=(.25, .40), permitted=(0, 0)),
    "license": dict(frt=(.30, .15), surveillance=(.35, .20), biometric=(.25, .15), predictive=(.30, .10),
                    discrimination=(.40, .20), deception=(.45, .20), weapons=(.40, .15), highrisk=(.35, .15),
                    unlawful=(.80, 0), rights=(.50, 0), hr_items=(.30, 0), suspension=(.05, .03),
                    termination=(.45, 0), audit=(.05, .05), usecase=(.05, .05), reporting=(.05, .05),
                    cooperation=(.03, .02), training=(.02, .02), oversight=(.20, .10), flowdown=(.50, .20),
                    commitment=(.20, .25), framework=(.25, .10), policy=(.05, .05), grievance=(.05, .05),
                    remedy=(.02, .02), gov=(0, .02), permitted=(.01, 0)),
}

PARTY_CHOICES = {
    "contract": (["Provider", "Provider", "Supplier", "{short}", "Vendor", "we"], ["Customer", "Customer", "Client", "Subscriber", "you"]),
    "aup": (["we", "we", "{short}"], ["you", "you", "Customer"]),
    "product-terms": (["Provider", "{short}", "we"], ["Customer", "you"]),
    "tos": (["we"], ["you"]),
    "license": (["Licensor", "{short}", "we"], ["Licensee", "You", "you"]),
}
SERVICE_CHOICES = {
    "contract": ["the Services", "the Cloud Services", "the Service", "the Subscription Services", "the Platform"],
    "aup": ["the Services", "our services", "the Platform", "the Services"],
    "product-terms": ["the Services", "the Online Services", "the Products"],
    "tos": ["the Service", "the Services", "the Platform", "the Site"],
    "license": ["the Model", "the Software", "the Model"],
}
AGREEMENT_CHOICES = {
    "contract": ["this Agreement"],
    "aup": ["this Policy"],
    "product-terms": ["these Product Terms", "these Service Terms", "these Terms"],
    "tos": ["these Terms"],
    "license": ["this License", "this Agreement", "this Licence"],
}
EU_CHOICES = ["End Users", "Authorized Users", "Users", "end users", "downstream users"]


class Persona:
    def __init__(self, rng, kind):
        a = rng.choice(NAME_A)
        b = rng.choice(NAME_B)
        short = a + b
        self.short = short
        self.company = short + " " + rng.choice(NAME_SUFFIX)
        dom = re.sub(r"[^a-z]", "", short.lower().translate(str.maketrans("øéåäöüñěřčáíó", "oeaaounercaio")))
        self.domain = dom + rng.choice([".com", ".io", ".ai", ".co.uk", ".eu", ".net"])
        pc, cc = PARTY_CHOICES[kind]
        p = rng.choice(pc).replace("{short}", short)
        c = rng.choice(cc)
        svc = rng.choice(SERVICE_CHOICES[kind])
        agr = rng.choice(AGREEMENT_CHOICES[kind])
        f = {}
        if p == "we":
            f.update(P="we", Pp="our", Po="us", P_is="are", P_has="have", P_s="", P_es="", P_does="do", P_ies="y")
        else:
            f.update(P=p, Pp=p + "'s", Po=p, P_is="is", P_has="has", P_s="s", P_es="es", P_does="does", P_ies="ies")
        if c in ("you", "You"):
            f.update(C=c, Cp="your" if c == "you" else "Your", Co=c, C_is="are", C_has="have", C_s="", C_es="",
                     C_does="do")
        else:
            f.update(C=c, Cp=c + "'s", Co=c, C_is="is", C_has="has", C_s="s", C_es="es", C_does="does")
        plural = svc.endswith("s") and not svc.endswith("ss")
        f.update(svc=svc, svc_is="are" if plural else "is", svc_has="have" if plural else "has",
                 svc_s="" if plural else "s")
        agr_plural = agr.startswith("these")
        f.update(agr=agr, agr_is="are" if agr_plural else "is", agr_s="" if agr_plural else "s",
                 agr_does="do" if agr_plural else "does")
        f.update(EU=rng.choice(EU_CHOICES), co=self.company, coshort=short, domain=self.domain,
                 web="https://" + ("www." if rng.random() < 0.5 else "") + self.domain,
                 hrdoc=rng.choice(HR_DOCS))
        self.fixed = f
        self.we = p == "we"
        self.you = c in ("you", "You")


class Doc:
    """Builds one document as a list of lines, tracking its encoded size."""

    def __init__(self, rng, kind, fmt, target):
        self.rng = rng
        self.kind = kind
        self.fmt = fmt
        self.target = target
        self.persona = Persona(rng, kind)
        self.fixed = self.persona.fixed
        self.lines = []
        self.size = 0
        self.uk = rng.random() < 0.35
        self.curly = rng.random() < 0.4
        self.crlf = fmt == "txt" and rng.random() < 0.10
        self.nl = 2 if self.crlf else 1
        self.upper_caps = rng.random() < (0.7 if kind in ("contract", "license", "product-terms") else 0.4)
        if fmt == "md":
            self.h_style = rng.choice(["hash", "hash", "hash-section", "bold", "hash-plain"])
            if kind == "tos" and rng.random() < 0.5:
                self.h_style = "hash-plain"
            self.sub_style = rng.choice(["bold", "bold", "h3", "plain", "none"])
            self.bullet = rng.choice(["-", "-", "*", "1."])
            self.wrap = 0 if rng.random() < 0.85 else rng.choice([72, 80, 100])
        else:
            self.h_style = rng.choice(["upper", "upper", "article", "section", "title"])
            self.sub_style = rng.choice(["num", "num-title", "num-title", "none"])
            self.bullet = rng.choice(["(a)", "(a)", "a.", "-", "(i)"])
            self.wrap = rng.choice([0, 0, 72, 76, 78, 80])
        self.item_end = rng.choice(["semi", "semi", "none", "period"])
        y = rng.randint(2019, 2025)
        mo = rng.randint(1, 12)
        d = rng.randint(1, 28)
        months = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
                  "October", "November", "December"]
        self.iso_date = "%04d-%02d-%02d" % (y, mo, d)
        self.date = ("%d %s %d" % (d, months[mo - 1], y)) if self.uk else ("%s %d, %d" % (months[mo - 1], d, y))
        self.version = "%d.%d" % (rng.randint(1, 6), rng.randint(0, 9))
        # products named in this document
        cats = list(CATEGORIES)
        rng.shuffle(cats)
        self.products = []
        self.spare = []  # used, in order, once self.products runs out
        for cat in cats:
            names = list(CATEGORIES[cat][0])
            rng.shuffle(names)
            k = len(names) if target > 100 * KB else rng.randint(1, len(names))
            for j, nm in enumerate(names):
                (self.products if j < k else self.spare).append((self.persona.short + " " + nm, cat))
        if kind == "license":  # model families instead of cloud products
            fams = [("Base", "llm"), ("Instruct", "llm"), ("Coder", "llm"), ("Guard", "llm"), ("Vision", "vision"),
                    ("Speech", "voice"), ("Embed", "analytics"), ("Face", "vision"), ("Agent", "llm")]
            rng.shuffle(fams)
            sep = rng.choice([" ", "-"])
            sizes = ["1B", "3B", "8B", "13B", "34B", "70B"]
            allm = [("%s%s%s %s" % (self.persona.short, sep, f, z), c) for f, c in fams for z in sizes]
            self.products = [("%s%s%s %s" % (self.persona.short, sep, f, z), c)
                             for f, c in fams[: rng.randint(3, len(fams))]
                             for z in sorted(rng.sample(sizes, rng.randint(1, 2)), key=sizes.index)]
            self.spare = [m for m in allm if m not in self.products]
        rng.shuffle(self.products)
        rng.shuffle(self.spare)
        self.spare += [(p + " " + ed, c) for ed in ["for Government", "Enterprise Edition", "(Sovereign Cloud)"]
                       for p, c in self.products + self.spare]
        self.prod_i = 0
        self.product_title = rng.choice(["{prod}", "{prod}", "Additional Terms for {prod}", "{prod} Terms"])
        self.product_numbered = rng.random() < 0.6
        self.country_title = rng.choice(["Country-Specific Terms: %s", "%s", "Additional Terms for Customers in %s"])
        self.countries = list(COUNTRIES)
        rng.shuffle(self.countries)
        self.secno = 0
        self.headings = []
        self.profile = self.make_profile()

    # -- profile ------------------------------------------------------------
    def make_profile(self):
        prof = {}
        for concept, (ps, pw) in PROFILE[self.kind].items():
            r = self.rng.random()
            prof[concept] = "strong" if r < ps else ("weak" if r < ps + pw else None)
        return prof

    def level(self, concept):
        return self.profile.get(concept)

    def concept_sents(self, concept, k=1):
        lv = self.level(concept)
        if lv is None:
            return []
        bank = CONCERNED.get(concept + "." + lv, [])
        if not bank:
            return []
        picks = self.rng.sample(bank, min(k, len(bank)))
        return [self.fill(t) for t in picks]

    # -- text -------------------------------------------------------------
    def next_product(self):
        if self.prod_i >= len(self.products):
            self.products.append(self.spare.pop(0) if self.spare else self.products[self.prod_i % len(self.products)])
        p = self.products[self.prod_i]
        self.prod_i += 1
        return p

    def fill(self, tpl, extra=None, cap=True):
        rng = self.rng

        def rep(m):
            k = m.group(1)
            if extra and k in extra:
                v = extra[k]
            elif k in self.fixed:
                return self.fixed[k]
            elif k == "prod":
                v = rng.choice(self.products)[0]
            elif k == "date":
                return self.date
            elif k in DYNAMIC:
                v = rng.choice(DYNAMIC[k])
            else:
                raise KeyError(k)
            if "{" in v:
                v = self.fill(v, extra, cap=False)
            return v

        s = SLOT.sub(rep, tpl)
        if cap and s:
            s = s[0].upper() + s[1:]
        return s

    def polish(self, s):
        s = s.replace("..", ".")  # "B.V." at the end of a sentence
        for rx, rp in (UK_RE if self.uk else US_RE):
            s = rx.sub(rp, s)
        if self.curly:
            s = re.sub(r"(\w)'(\w)", "\\1\u2019\\2", s)
            s = re.sub(r"(\w)'", "\\1\u2019", s)
            s = re.sub(r'"([^"]*)"', "\u201c\\1\u201d", s)
        return s

    # -- output primitives -------------------------------------------------
    def emit(self, line=""):
        self.lines.append(line)
        self.size += len(line.encode("utf-8")) + self.nl

    def blank(self):
        if self.lines and self.lines[-1] != "":
            self.emit("")

    def wrapped(self, text, indent="", first=None):
        first = indent if first is None else first
        if self.wrap:
            return textwrap.wrap(text, self.wrap, initial_indent=first, subsequent_indent=indent,
                                 break_long_words=False, break_on_hyphens=False)
        return [first + text]

    def para(self, text, upper=False):
        text = self.polish(text)
        if upper:
            text = text.upper()
        for ln in self.wrapped(text):
            self.emit(ln)
        self.blank()

    def heading(self, title, numbered=True, level=2):
        self.blank()
        n = None
        if numbered:
            self.secno += 1
            n = self.secno
        self.cur_sec = n
        self.sub_no = 0
        title = self.polish(title)
        self.headings.append(title)
        if self.fmt == "md":
            hashes = "#" * level
            if not numbered or self.h_style == "hash-plain":
                self.emit("%s %s" % (hashes, title))
            elif self.h_style == "hash":
                self.emit("%s %d. %s" % (hashes, n, title))
            elif self.h_style == "hash-section":
                self.emit("%s Section %d \u2013 %s" % (hashes, n, title))
            else:
                self.emit("**%d. %s**" % (n, title))
        else:
            if not numbered:
                self.emit(title.upper())
            elif self.h_style == "upper":
                self.emit("%d. %s" % (n, title.upper()))
            elif self.h_style == "article":
                self.emit("ARTICLE %s" % roman(n))
                self.emit(title.upper())
            elif self.h_style == "section":
                self.emit("Section %d. %s" % (n, title))
            else:
                self.emit("%d. %s" % (n, title))
        self.emit("")

    def subclause(self, title, text, upper=False):
        """A numbered sub-clause (4.1) with an optional title, in the document's style."""
        text = self.polish(text)
        if upper:
            text = text.upper()
        title = self.polish(title) if title else None
        if self.cur_sec is None or self.sub_style == "none":
            if title and self.fmt == "md" and self.rng.random() < 0.5:
                text = "**%s.** %s" % (title, text)
            for ln in self.wrapped(text):
                self.emit(ln)
            self.blank()
            return
        self.sub_no += 1
        num = "%d.%d" % (self.cur_sec, self.sub_no)
        if self.fmt == "md":
            if self.sub_style == "bold":
                line = "**%s %s.** %s" % (num, title, text) if title else "**%s** %s" % (num, text)
                for ln in self.wrapped(line):
                    self.emit(ln)
            elif self.sub_style == "h3":
                self.emit("### %s %s" % (num, title or ""))
                self.emit("")
                for ln in self.wrapped(text):
                    self.emit(ln)
            else:
                for ln in self.wrapped("%s. %s" % (num, text)):
                    self.emit(ln)
        else:
            lead = "%s  " % num if self.sub_style == "num" or not title else "%s %s. " % (num, title)
            for ln in self.wrapped(lead + text, indent="     " if self.wrap else ""):
                self.emit(ln)
        self.blank()

    def bullet_list(self, lead, items, lowercase=True):
        if lead:
            self.para(lead)
        n = len(items)
        for i, it in enumerate(items):
            it = self.polish(it)
            if self.item_end == "semi":
                it += "." if i == n - 1 else ("; or" if i == n - 2 else ";")
            elif self.item_end == "period":
                it = it[0].upper() + it[1:] + "."
            if self.fmt == "md":
                mark = self.bullet if self.bullet != "1." else "%d." % (i + 1)
                self.emit("%s %s" % (mark, it))
            else:
                if self.bullet == "(a)":
                    mark = "(%s)" % "abcdefghijklmnopqrstuvwxyz"[i % 26]
                elif self.bullet == "a.":
                    mark = "%s." % "abcdefghijklmnopqrstuvwxyz"[i % 26]
                elif self.bullet == "(i)":
                    mark = "(%s)" % roman(i + 1).lower()
                else:
                    mark = "-"
                for ln in self.wrapped(it, indent=" " * (len(mark) + 5), first="    %s " % mark):
                    self.emit(ln)
        self.blank()

    def table(self, header, rows):
        header = [self.polish(h) for h in header]
        rows = [[self.polish(c) for c in r] for r in rows]
        if self.fmt == "md":
            self.emit("| " + " | ".join(header) + " |")
            self.emit("|" + "|".join("---" for _ in header) + "|")
            for r in rows:
                self.emit("| " + " | ".join(r) + " |")
        else:
            w = [max(len(h), *(len(r[i]) for r in rows)) for i, h in enumerate(header)]
            self.emit("  ".join(h.ljust(w[i]) for i, h in enumerate(header)).rstrip())
            self.emit("  ".join("-" * w[i] for i in range(len(header))))
            for r in rows:
                self.emit("  ".join(c.ljust(w[i]) for i, c in enumerate(r)).rstrip())
        self.blank()

    def comment(self):
        if self.fmt != "md":
            return
        c = self.rng.choice([
            "<!-- markdownlint-disable MD013 MD024 -->",
            "<!-- Version %s. Internal review reference: LGL-%d -->" % (self.version, self.rng.randint(1000, 9999)),
            "<!-- TODO(legal): confirm the notice address before publication -->",
            "<!-- Do not edit by hand: generated from the contract template repository -->",
            "<!-- Section numbering must match the order form template -->",
            "<!-- Changed in %s: clarified the renewal wording -->" % self.iso_date[:4],
        ])
        self.emit(c)
        self.emit("")


OTHER.update(parse_banks(r"""
[tos-termination]
You can close your Account from the settings page and stop using {svc} whenever you like.
If you delete your Account, we will delete your Content within {dur}, except where we must keep it for legal reasons.
Paid subscriptions cancelled part-way through a billing period remain active until the end of that period, and no partial refunds are given.
Where these Terms end, the sections that by their nature should survive, including those on ownership, disclaimers and limitation of liability, will survive.
We may discontinue {svc}, or any part of it, by giving you at least {dur} notice and refunding any prepaid amounts for the period after discontinuation.
We may remove an Account that has been inactive for more than {n2} years after giving notice to its registered email address.
[contact]
Questions about {agr} may be sent to {legal_email} or by post to {street}.
{co} is registered in {law} under company number {regno}.
{P} aim{P_s} to answer written enquiries within {dur}.
Our support team can be reached through the help centre at {web}/help.
[hr-filler]
{P} regularly review{P_s} {Pp} products for risks to the people affected by their use and update{P_s} these terms when new risks are identified.
{P} may decline to sell {svc} to a customer where {P} conclude{P_s} that the intended use presents a serious risk to people.
Decisions about sensitive uses are reviewed by a cross-functional committee that includes legal, security and policy staff.
{P} publish{P_es} an annual report describing how these terms have been applied.
[sensitive-filler]
Some uses of {svc} carry a higher risk of harm to individuals, and the rules in this section apply to them in addition to the general restrictions.
{P} may require additional information or safeguards before enabling features that can identify people.
The restrictions in this section apply to every deployment of {svc}, including deployments on {Cp} own infrastructure.
{P} may update the list of sensitive uses as technology and the law develop.
""".replace("{regno}", "{n}0{n}{n}")))


def merge_banks(into, more):
    for k, v in more.items():
        into.setdefault(k, []).extend(v)


merge_banks(OTHER, parse_banks(r"""
[aup-responsible]
{C} {C_is} responsible for the way {Cp} {EU} use {svc} through {Cp} account or integration.
{C} should publish clear terms for {Cp} own users explaining what they may and may not do.
Where {C} build{C_s} an application on {svc}, these rules apply to the application and to everyone who uses it.
{C} must keep records sufficient to show how {svc} {svc_is} being used in {Cp} application.
{C} must give people who interact with {Cp} application a way to raise problems with {Co}.
{C} should test {Cp} application for foreseeable misuse before release and keep monitoring it after launch.
{C} must not design an application to hide from {Po} how it uses {svc}.
Developers who integrate {svc} into products for others must make these rules available to their own customers.
[gov-filler]
Government agencies that wish to obtain information about users should direct their requests to {legal_email}.
{P} keep{P_s} a record of every government request received, including the legal basis cited and the response given.
Requests in emergencies involving a danger of death or serious physical injury are handled through a separate process described at {web}/legal-requests.
This section does not apply to requests relating to {Pp} own business records, such as billing information.
{P} do{P_es} not give any government direct access to Customer Data or to the keys used to encrypt it.
[privacy-consumer]
Our Privacy Notice explains what personal information we collect when you use {svc}, how we use it and the choices you have.
We use cookies and similar technologies to keep you signed in, remember your preferences and understand how {svc} is used.
You can access, correct or delete much of your personal information from your account settings.
If you are in the European Economic Area or the United Kingdom, you have additional rights under data protection law, which are described in the Privacy Notice.
We do not sell your personal information, and we do not share it for cross-context behavioral advertising.
We may send you service announcements and administrative messages, which you cannot opt out of while you have an Account.
Children under {age} may not use {svc}, and we delete information that we learn was collected from a child without verified parental consent.
We keep your information for as long as your Account is active and for a limited period afterwards, as described in the Privacy Notice.
[fees-consumer]
Some features of {svc} require a paid subscription, which renews automatically at the end of each billing period until you cancel it.
We will tell you the price of a paid plan before you buy it, and the price includes any taxes we are required to collect.
You can cancel a paid plan at any time from your account settings, and cancellation takes effect at the end of the current billing period.
If we change the price of your plan, we will give you at least {dur} notice, and the new price will apply from your next renewal.
If a payment fails, we may move your Account to the free plan after giving you a chance to update your payment details.
If you are a consumer in the European Union or the United Kingdom, you may withdraw from a new subscription within fourteen days of purchase and receive a refund.
Refunds are otherwise given only where the law requires them or where we say so in writing.
[country]
For customers whose billing address is in {country}, {agr} {agr_is} governed by {claw}, and the courts of {ccity} have exclusive jurisdiction.
Prices for customers in {country} are stated in {currency} and exclude {tax}, which will be added to each invoice.
Where the law of {country} gives rights that cannot be excluded by contract, nothing in {agr} limits those rights.
{P} will issue invoices in the form required by the tax authorities of {country}.
Customers in {country} that are public bodies must obtain any approval required for the procurement of {svc} before submitting an Order Form.
The contracting entity for customers in {country} is {co_local}.
If {agr} {agr_is} translated into the official language of {country}, the English version prevails to the extent permitted by local law.
Notices to {P} from customers in {country} may be given in English or in the official language of {country}.
[product]
{P} may offer {prod} in preview in some regions before it becomes generally available there.
Service levels for {prod} are set out in the service level terms, and apply only to paid tiers.
{prod} is covered by {Pp} data protection commitments once it is generally available in a region.
[product.vision]
{prod} returns confidence scores, and {C} should set thresholds that suit the consequences of an incorrect result.
Images submitted to {prod} are deleted within {sdur} of processing unless {C} store{C_s} them in a project.
Face detection in {prod} locates faces in an image but does not, on its own, identify the people shown.
Custom image models trained with {prod} belong to {C}, and {P} will not use them for any other customer.
{prod} may not perform equally well across skin tones, ages and image conditions, and the Documentation describes the results of {Pp} fairness testing.
[product.voice]
Custom voices created with {prod} require the recorded consent of the voice talent, in the form set out in the Documentation.
Audio submitted to {prod} is processed in memory and is not stored unless {C} turn{C_s} on logging.
Transcripts produced by {prod} may contain errors, particularly for names, numbers and specialist terms.
{prod} supports the languages and dialects listed in the Documentation, which {P} update{P_s} regularly.
[product.location]
Location data collected through {prod} is associated with device identifiers that {C} control{C_s}, and {C} must give end users notice of the collection.
{C} shall allow end users of {Cp} applications to turn off location collection at any time.
Historical location data is retained in {prod} for {dur} unless {C} configure{C_s} a shorter period.
Geocoding results from {prod} may not be cached for more than {n30} days.
[product.identity]
{prod} compares a selfie image with the photograph on an identity document and returns a similarity score.
{C} must offer an alternative verification method to individuals who do not wish to use {prod}.
Biometric templates generated by {prod} are deleted immediately after each verification.
{C} must obtain the individual's consent to the verification before submitting any image to {prod}.
[product.analytics]
Models built with {prod} run in {Cp} workspace, and {C} {C_is} responsible for the data used to train them.
{prod} includes tools for measuring how a model performs across groups, and {C} should use them before deploying a model that affects people.
Query results from {prod} are cached for up to {n2} hours to improve performance.
Workspaces that are inactive for {dur} may be archived after notice to the workspace owner.
[product.llm]
{prod} may produce content that is inaccurate, offensive or unsuitable for the context, and safety systems may not catch every such output.
Responses from {prod} are not professional advice, and {C} should not rely on them for medical, legal or financial decisions without review by a qualified person.
Fine-tuned versions of {prod} are available only to the customer that created them.
Abuse monitoring for {prod} is performed by automated classifiers and, where they flag content, by authorized reviewers.
{C} may not use {prod} to generate content for distribution as if it came from {P}.
[product.video]
Videos indexed by {prod} are stored in {Cp} storage account, and indexes are kept until {C} delete{C_s} them.
People detection in {prod} can be turned off for each account and is off by default in some regions.
Celebrity recognition in {prod} is limited to public figures on a list maintained by {P}.
{C} shall give notice, by signs or other means, wherever video analyzed by {prod} is recorded in places open to the public.
[product.workforce]
{prod} reports aggregated data for groups of at least {n5} people and does not show individual scores to managers by default.
{C} must inform employees about the data that {prod} collects and how it is used, and consult employee representatives where the law requires.
{prod} must not be used as the sole basis for decisions about an employee's pay, promotion or dismissal.
Individual insights in {prod} are visible only to the employee concerned.
[product.storage]
Objects stored in {prod} are replicated across at least three availability zones unless {C} select{C_s} a single-zone storage class.
{P} {P_does} not access the contents of objects stored in {prod} except as needed to provide support that {C} request{C_s} or to comply with law.
Deleted objects remain recoverable for {n30} days if versioning is turned on.
Egress charges apply to data transferred out of {prod} to the internet.
[product.messaging]
{C} must obtain recipients' consent before sending marketing messages through {prod} and must honor opt-out requests promptly.
Sender identities used with {prod} must be verified before messages are delivered.
{P} may block messages sent through {prod} that are reported as spam at a rate above the thresholds in the Documentation.
Message content is retained for {n30} days for delivery troubleshooting and then deleted.
[product.docs]
{prod} supports printed and handwritten text in the languages listed in the Documentation.
Documents submitted to {prod} are deleted within {sdur} after the results are returned.
Custom extraction models trained in {prod} can be copied between {Cp} resources but not to other customers.
Machine translation provided by {prod} may not be suitable for legal or medical documents without human review.
[product.compute]
{C} {C_is} responsible for securing the operating systems and applications that run on {prod} instances.
Spot capacity on {prod} may be reclaimed by {P} with two minutes' warning.
Reserved instances of {prod} are billed for the full commitment term whether or not they are used.
{P} may move {prod} workloads between hosts for maintenance, using live migration where possible.
"""))

merge_banks(OTHER, parse_banks(r"""
[licence-term]
{agr} take{agr_s} effect when {C} first download{C_s} or use{C_s} the Model and remain{agr_s} in force until terminated.
{C} may terminate {agr} at any time by deleting all copies of the Model and of any Derivatives in {Cp} possession.
On termination, {C} must stop using the Model and delete every copy of it, and Sections {n} and {n} continue to apply.
Termination does not affect licences that {C} granted to recipients of Derivatives before termination, as long as those recipients comply with {agr}.
If {agr} ends, {P} may ask {Co} to confirm in writing that all copies of the Model have been deleted.
{P} may publish new versions of {agr}, and {C} may choose to use the Model under any later version.
[licence-ip]
{P} retain{P_s} ownership of the Model, and {C} own{C_s} {Cp} modifications, subject to {Pp} ownership of the underlying Model.
Nothing in {agr} grants rights in {Pp} trade marks, service marks or logos.
If {C} provide{C_s} Feedback on the Model, {P} may use it without restriction.
Any patent licence granted under {agr} covers only the patent claims that {P} can license and that the Model alone necessarily infringes.
Third-party components distributed with the Model are governed by the licences listed in the accompanying NOTICE file.
[licence-liability]
To the fullest extent the law allows, {P} will not be liable to {Co} for any damages arising from the use of the Model or its Outputs, whether direct, indirect, special or consequential.
Where liability cannot be excluded, {Pp} total liability under {agr} is limited to {amount}.
Nothing in {agr} limits liability that cannot be limited under applicable law.
{C} shall indemnify {P} against claims arising from {Cp} use or distribution of the Model, including claims that a Derivative infringes the rights of others.
[model-variant]
{prod} is released under {agr} with the additional conditions in this section.
The {prod} weights are distributed in several sizes, and the conditions below apply to each of them.
Fine-tuned versions of {prod} must be named so that they cannot be confused with official releases from {P}.
{prod} was trained on data described in its model card, which also reports known limitations and evaluation results.
Redistribution of {prod} in quantized or compressed form is permitted if the model card is included unchanged.
{C} must not remove the safety classifier shipped with {prod} when offering it to third parties as a hosted service.
{prod} is intended for research and for commercial applications that comply with the use restrictions.
Benchmark results for {prod} published by {C} must identify the version and settings used.
[licence-dist]
Each copy of the Model or of a Derivative that {C} distribute{C_s} must be accompanied by a copy of {agr} or a link to it.
{C} must not impose any further restriction on recipients that would prevent them from exercising the rights granted by {agr}, other than the use restrictions.
A notice file giving the name, version and licence of the Model must be included in any distribution.
{C} may charge a fee for distributing the Model or for supporting it, but only on {Cp} own behalf and not on behalf of {P}.
{C} may not state or imply that {P} endorses any Derivative.
Inference code distributed with the Model in binary form must be made available in source form to anyone who receives the binary.
[licence-patent]
Subject to {agr}, each contributor grants {Co} a worldwide, royalty-free patent licence to make, use, sell and import the Model, limited to the claims that its contribution necessarily infringes.
The patent licence ends automatically for anyone who brings a claim alleging that the Model infringes a patent.
No licence is granted under any patent that reads on a Derivative but not on the Model itself.
Contributions to the Model are accepted under {agr} unless the contributor states otherwise in writing.
[faq.license]
Can the Model be used for commercial purposes?|Yes, as long as {C} comply{C_s} with {agr}, including the use restrictions and any user threshold stated in it.
Must a fine-tuned model be published?|No. {agr} {agr_does} not require {Co} to publish Derivatives, but if {C} distribute{C_s} one, the conditions on distribution apply.
Who owns the Outputs?|{P} claim{P_s} no rights in Outputs, but {C} {C_is} responsible for how they are used.
May the Model be offered as a hosted service?|Yes. Making the Model available over a network counts as Distribution, so the use restrictions must be passed on to the users of the service.
May a Derivative be released under a different licence?|{C} may license {Cp} own modifications under other terms, but the use restrictions of {agr} continue to apply to the Model and to every Derivative.
How should the Model be credited?|Give the name and version of the Model, a link to {web} and a statement that the work is based on the Model.
Is the Model suitable for medical advice?|No. The Model is not a medical device, and its Outputs are not reviewed by clinicians.
Does {agr} cover the training data?|No. {agr} covers the weights, code and documentation only, and the data sources are described in the model card.
[faq.policy]
Do these rules apply to private content?|Yes. They apply to all content and activity on {svc}, whether it is public or private.
Will the account holder be told if content is removed?|In most cases {P} will notify the account holder and explain which rule was applied, unless notice would create a risk of harm or the law prohibits it.
Can a decision be appealed?|Yes. Reply to the enforcement notice within {dur} and explain why the decision should be reconsidered.
Does {P} review all content?|No. {P} rel{P_ies} on automated tools and on reports, and reviews content when it is flagged or when the law requires it.
Is security research allowed?|Yes, when it follows the disclosure policy at {web}/security and does not affect other users.
Are these rules the same in every country?|The rules apply worldwide, although local law may require additional restrictions in some places.
Does this apply to businesses that build on {svc}?|Yes. Developers who build on {svc} must follow these rules and make sure their own users do too.
[liability-consumer]
Our total liability to you for all claims relating to {svc} is limited to the greater of the amount you paid us in the {n12} months before the claim and {amount}.
Nothing in these Terms excludes or limits our liability for personal injury or death that our negligence causes, for fraud, or for anything else that the law does not allow us to exclude.
If you are a consumer, we are responsible for loss or damage you suffer that is a foreseeable result of our breach of these Terms, but not for loss that nobody could have foreseen.
We are not liable for loss of business or profits, because {svc} is offered for personal and non-commercial purposes unless you hold a business plan.
"""))

COUNTRIES = [
    ("Germany", "German law", "Munich", "euros", "value-added tax", "{short} Deutschland GmbH"),
    ("Japan", "the laws of Japan", "Tokyo", "Japanese yen", "consumption tax", "{short} Japan K.K."),
    ("Brazil", "the laws of Brazil", "S\u00e3o Paulo", "Brazilian reais", "applicable service taxes", "{short} Brasil Ltda."),
    ("France", "French law", "Paris", "euros", "value-added tax", "{short} France SAS"),
    ("India", "the laws of India", "Bengaluru", "Indian rupees", "goods and services tax", "{short} India Private Limited"),
    ("Australia", "the laws of New South Wales", "Sydney", "Australian dollars", "GST", "{short} Australia Pty Ltd"),
    ("Canada", "the laws of the Province of Ontario", "Toronto", "Canadian dollars", "GST/HST", "{short} Canada ULC"),
    ("Mexico", "the federal laws of Mexico", "Mexico City", "Mexican pesos", "IVA", "{short} M\u00e9xico, S. de R.L. de C.V."),
    ("South Korea", "the laws of the Republic of Korea", "Seoul", "Korean won", "value-added tax", "{short} Korea Ltd."),
    ("Spain", "Spanish law", "Madrid", "euros", "IVA", "{short} Espa\u00f1a, S.L."),
    ("Sweden", "Swedish law", "Stockholm", "Swedish kronor", "value-added tax", "{short} Sverige AB"),
    ("Poland", "Polish law", "Warsaw", "Polish z\u0142oty", "VAT", "{short} Polska sp. z o.o."),
    ("T\u00fcrkiye", "the laws of T\u00fcrkiye", "Istanbul", "Turkish lira", "VAT", "{short} Teknoloji A.\u015e."),
    ("New Zealand", "the laws of New Zealand", "Auckland", "New Zealand dollars", "GST", "{short} NZ Limited"),
    ("Switzerland", "Swiss law", "Z\u00fcrich", "Swiss francs", "value-added tax", "{short} Schweiz AG"),
]


# ---------------------------------------------------------------------------
# Section builders
# ---------------------------------------------------------------------------

def topic_section(doc, key, budget, banks, extras=(), title=None, numbered=True, caps=False, level=2,
                  fill_extra=None):
    """A section of boilerplate from `banks`, with `extras` (already filled
    sentences about the linted concepts) mixed into its paragraphs. Each
    template is used at most once per section."""
    rng = doc.rng
    doc.heading(title or rng.choice(TITLES[key]), numbered, level)
    start = doc.size
    pool = []
    for b in banks:
        pool.extend(BOILERPLATE.get(b) or OTHER.get(b) or [])
    if doc.kind in ("tos", "aup", "license"):
        pool = [t for t in pool if not CONTRACT_ONLY.search(t)]
    rng.shuffle(pool)
    extras = list(extras)
    rng.shuffle(extras)
    numbered_subs = rng.random() < 0.7
    i = 0
    while (i < len(pool) and doc.size - start < budget) or extras:
        k = rng.choice([1, 2, 2, 3, 3, 4])
        sents = [doc.fill(t, fill_extra) for t in pool[i:i + k]]
        i += k
        while extras and (not sents or rng.random() < 0.5 or i >= len(pool) or doc.size - start >= budget):
            sents.insert(rng.randint(0, len(sents)), extras.pop())
            if rng.random() < 0.6:
                break
        if not sents:
            break
        text = " ".join(sents)
        upper = caps and doc.upper_caps and rng.random() < 0.7
        if numbered_subs:
            doc.subclause(None, text, upper)
        else:
            doc.para(text, upper)


CONTRACT_ONLY = re.compile(r"Professional Services|Order Form|Subscription Term|Customer Data|\bFees\b|Service Credit|"
                           r"deliverables|Subprocessor|Business Hours|Security Documentation")

DEF_KINDS = {
    "tos": {"Account", "Content", "Input", "Output", "Feedback", "Malicious Code", "Personal Data",
            "Intellectual Property Rights", "Acceptable Use Policy", "Affiliate", "Business Day"},
    "license": {"Model", "Derivative", "Distribution", "Output", "Input", "Intellectual Property Rights",
                "Affiliate", "High-Risk Use", "Law Enforcement Agency", "Documentation", "Feedback"},
    "aup": {"Content", "Output", "Input", "Law Enforcement Agency", "High-Risk Use", "Account"},
}
CONSUMER_ONLY = {"Model", "Derivative", "Distribution", "Account", "Content"}


def definitions_section(doc, budget, count=None):
    rng = doc.rng
    allowed = DEF_KINDS.get(doc.kind)
    pool = [d for d in DEFINITIONS if (d[0] in allowed if allowed else d[0] not in CONSUMER_ONLY)]
    doc.heading(rng.choice(TITLES["definitions"]))
    k = min(count or rng.randint(8, len(pool)), len(pool))
    defs = rng.sample(pool, k)
    defs.sort(key=lambda d: d[0])
    start = doc.size
    doc.para(doc.fill(rng.choice([
        "In {agr}, the following terms have the meanings set out below.",
        "Capitalized terms used in {agr} have the following meanings.",
        "The following definitions apply in {agr}, and other terms are defined where they first appear.",
    ])))
    as_list = doc.fmt == "md" and rng.random() < 0.4
    for term, definition in defs:
        if doc.size - start > budget and term > "M":
            break
        q = '"%s"' % term
        if doc.fmt == "md" and rng.random() < 0.5:
            q = "**%s**" % q
        text = "%s means %s." % (q, doc.fill(definition, cap=False))
        if as_list:
            doc.emit("%s %s" % ("-" if doc.bullet in ("1.", "-") else doc.bullet, doc.polish(text)))
        else:
            doc.subclause(None, text)
    doc.blank()


def prohibited_items(doc, with_generic=True, nmin=3, nmax=10):
    rng = doc.rng
    items = []
    if with_generic:
        items += rng.sample(CONCERNED["item.generic"], rng.randint(nmin, nmax))
    for concept, key in (("rights", "item.rights-generic"), ("hr_items", "item.hr")):
        if doc.level(concept):
            items.insert(rng.randint(0, len(items)), rng.choice(CONCERNED[key]))
    for c in SENSITIVE:
        lv = doc.level(c)
        if lv:
            bank = CONCERNED["item.%s.%s" % (c, lv)]
            for t in rng.sample(bank, rng.choice([1, 1, 1, 2]) if len(bank) > 1 else 1):
                items.insert(rng.randint(0, len(items)), t)
    if doc.level("unlawful"):
        t = rng.choice(CONCERNED["item.unlawful"])
        if rng.random() < 0.6:
            items.insert(0, t)
        else:
            items.append(t)
    return items


RESTRICTION_INTROS = [
    "{C} shall use {svc} only in accordance with {agr}, the Documentation and applicable law.",
    "{C} {C_is} responsible for ensuring that every use of {svc} under {Cp} account complies with this section.",
    "The restrictions below apply to all use of {svc}, including use through the APIs and by automated means.",
    "These restrictions protect {svc}, other customers and the people affected by the way {svc} {svc_is} used.",
]


def restrictions_section(doc, budget, title=None, generic=True, numbered=True):
    rng = doc.rng
    doc.heading(title or rng.choice(TITLES["restrictions"]), numbered, 2 if numbered else 3)
    start = doc.size
    if rng.random() < 0.5:
        doc.para(doc.fill(rng.choice(RESTRICTION_INTROS)))
    items = prohibited_items(doc, generic)
    lead_bank = "leadin.hortatory" if rng.random() < 0.07 else "leadin.binding"
    doc.bullet_list(doc.fill(rng.choice(CONCERNED[lead_bank])), [doc.fill(t, cap=False) for t in items])
    if doc.size - start < budget and rng.random() < 0.5:
        rest = [t for t in CONCERNED["item.generic"] if t not in items]
        more = rng.sample(rest, rng.randint(3, 6))
        doc.bullet_list(doc.fill(rng.choice([
            "In addition, {C} shall not:", "{C} also agree{C_s} not to:",
            "Without {Pp} prior written consent, {C} may not:"])), [doc.fill(t, cap=False) for t in more])
    tail = []
    if doc.level("suspension") == "strong" and rng.random() < 0.35:
        tail.append(doc.fill(CONCERNED["suspension.strong"][4]))
    if rng.random() < 0.4:
        tail.append(doc.fill(rng.choice(OTHER["enforcement"][1:3])))
    if tail:
        doc.para(" ".join(tail))


SENSITIVE = ["frt", "surveillance", "biometric", "predictive", "discrimination", "deception", "weapons", "highrisk"]


def product_for(doc, concept):
    fits = [p for p, c in doc.products if concept in CATEGORIES[c][3]]
    return doc.rng.choice(fits) if fits else doc.rng.choice(doc.products)[0]


def sensitive_section(doc, budget):
    rng = doc.rng
    present = [c for c in SENSITIVE if doc.level(c)]
    if not present:
        return
    doc.heading(rng.choice(TITLES["sensitive"]))
    filler = list(OTHER["sensitive-filler"])
    rng.shuffle(filler)
    doc.para(doc.fill(filler.pop()))
    rng.shuffle(present)
    for c in present:
        bank = CONCERNED["para.%s.%s" % (c, doc.level(c))]
        text = doc.fill(rng.choice(bank), {"prod": product_for(doc, c)})
        if filler and rng.random() < 0.3:
            text += " " + doc.fill(filler.pop())
        doc.subclause(None, text)
    if doc.level("permitted") and rng.random() < 0.7:
        doc.subclause(None, doc.fill(CONCERNED["para.frt.permitted"][0], {"prod": product_for(doc, "frt")}))


RESPONSIBLE_TITLES = {"flowdown": ["End Users", "Your Users", "Downstream Use", "Resellers and End Users"],
                      "reporting": ["Reporting", "Notice of Misuse", "Incident Reporting"],
                      "cooperation": ["Cooperation", "Investigations"],
                      "training": ["Training", "Personnel"],
                      "oversight": ["Human Oversight", "Human Review", "Automated Decisions"],
                      "usecase": ["Use-Case Registration", "Limited Access", "Approval of Uses"]}


def responsible_section(doc, budget):
    rng = doc.rng
    parts = []
    for c, k in (("flowdown", 2), ("reporting", 1), ("cooperation", 1), ("training", 1), ("oversight", 2),
                 ("usecase", 1)):
        s = doc.concept_sents(c, rng.randint(1, k))
        if s:
            parts.append((c, s))
    if not parts:
        return False
    doc.heading(rng.choice(TITLES["responsible"]))
    filler = list(OTHER["aup-responsible"] if doc.kind in ("aup", "tos", "license") else BOILERPLATE["customer"])
    rng.shuffle(filler)
    doc.para(" ".join(doc.fill(t) for t in filler[:rng.randint(1, 3)]))
    titled = rng.random() < 0.6
    for c, sents in parts:
        if rng.random() < 0.4 and len(filler) > 4:
            sents = sents + [doc.fill(filler.pop())]
        doc.subclause(rng.choice(RESPONSIBLE_TITLES[c]) if titled else None, " ".join(sents))
    return True


def hr_section(doc, budget, title=None):
    sents = []
    for c, k in (("commitment", 2), ("framework", 1), ("policy", 1), ("remedy", 1)):
        sents += doc.concept_sents(c, doc.rng.randint(1, k))
    if not sents:
        return False
    topic_section(doc, "hr", min(budget, 1200), ["hr-filler"], extras=sents, title=title)
    return True


def enforcement_section(doc, budget, numbered=True):
    sents = doc.concept_sents("suspension", 2) + doc.concept_sents("termination", 1)
    sents += doc.concept_sents("cooperation", 1) + doc.concept_sents("audit", 1)
    topic_section(doc, "enforcement", budget, ["enforcement"], extras=sents, numbered=numbered,
                  level=2 if numbered else 3)


def reporting_section(doc, budget):
    sents = doc.concept_sents("grievance", 2) + doc.concept_sents("reporting", 1)
    if not sents:
        sents = [doc.fill(OTHER["contact"][0])]
    topic_section(doc, "reporting", min(budget, 1500), ["contact"], extras=sents)


def gov_section(doc, budget):
    sents = doc.concept_sents("gov", 3)
    if not sents:
        return False
    topic_section(doc, "gov", min(budget, 1500), ["gov-filler"], extras=sents)
    return True


def faq_section(doc, budget):
    rng = doc.rng
    bank = OTHER["faq.license" if doc.kind == "license" else "faq.policy"]
    if getattr(doc, "faq_done", False):
        return False
    doc.faq_done = True
    doc.heading(rng.choice(["Frequently Asked Questions", "Questions and Answers", "FAQ"]), numbered=False)
    qa = list(bank)
    rng.shuffle(qa)
    start = doc.size
    for t in qa:
        if doc.size - start > budget:
            break
        q, a = t.split("|")
        q, a = doc.fill(q), doc.fill(a)
        if doc.fmt == "md":
            if rng.random() < 0.5:
                doc.emit("### " + doc.polish(q))
                doc.emit("")
                doc.para(a)
            else:
                doc.para("**%s** %s" % (q, a))
        else:
            doc.para("Q: " + q)
            doc.para("A: " + a)
    return True


COMMERCIAL = re.compile(r"Pricing|Free-tier|quotas|Containers|metering|Service levels|preview|available in all")
PRODUCT_TITLES = ["Description", "Restrictions", "Use Restrictions", "Limited Access", "Sensitive Uses"]


def product_section(doc, budget, title_style=None):
    rng = doc.rng
    prod, cat = doc.next_product()
    _, capability, unit, concepts = CATEGORIES[cat]
    extra = {"prod": prod, "capability": capability, "unit": unit}
    title = (title_style or doc.product_title).replace("{prod}", prod)
    doc.heading(title, numbered=doc.product_numbered, level=2)
    start = doc.size
    own = list(OTHER["product." + cat])
    generic = list(OTHER["product"][1:])
    if doc.kind == "license":
        own = list(OTHER["model-variant"])
    elif doc.kind == "aup":
        generic = [t for t in generic if not COMMERCIAL.search(t)]
    rng.shuffle(own)
    rng.shuffle(generic)
    first = [OTHER["product"][0]] + own[:rng.randint(1, 2)] + generic[:rng.randint(1, 3)]
    if doc.kind == "license":
        first = own[:rng.randint(2, 3)]
        own, generic = own[3:], []
    if doc.kind != "license":
        own, generic = own[2:], generic[3:]
    doc.subclause("Description" if rng.random() < 0.3 else None, " ".join(doc.fill(t, extra) for t in first))
    for c in concepts:
        lv = doc.level(c)
        if not lv or rng.random() < 0.35:
            continue
        if c in ("usecase", "oversight"):
            bank = CONCERNED["%s.%s" % (c, lv)]
        else:
            bank = CONCERNED["para.%s.%s" % (c, lv)]
        doc.subclause(rng.choice([None, None] + PRODUCT_TITLES[1:]), doc.fill(rng.choice(bank), extra))
    if doc.level("permitted") and "frt" in concepts and rng.random() < 0.5:
        doc.subclause(None, doc.fill(CONCERNED["para.frt.permitted"][0], extra))
    if doc.level("suspension") and rng.random() < 0.15:
        doc.subclause(None, doc.fill(rng.choice(CONCERNED["suspension." + doc.level("suspension")]), extra))
    rest = own + generic
    rng.shuffle(rest)
    i = 0
    while i < len(rest) and doc.size - start < budget:
        k = rng.randint(1, 3)
        doc.subclause(None, " ".join(doc.fill(t, extra) for t in rest[i:i + k]))
        i += k


def country_section(doc, budget):
    rng = doc.rng
    if not doc.countries:
        return False
    country, claw, ccity, currency, tax, local = doc.countries.pop()
    extra = {"country": country, "claw": claw, "ccity": ccity, "currency": currency, "tax": tax,
             "co_local": local.replace("{short}", doc.persona.short)}
    title = doc.country_title % country
    topic_section(doc, "law", min(budget, 1500), ["country"], title=title, numbered=doc.product_numbered,
                  fill_extra=extra)
    return True


def support_table(doc):
    rng = doc.rng
    if rng.random() < 0.5:
        rows = [["Severity 1", "Production use stopped or severely impaired", rng.choice(["1 hour", "30 minutes", "15 minutes"])],
                ["Severity 2", "Major feature impaired, no workaround", rng.choice(["4 hours", "2 hours"])],
                ["Severity 3", "Minor impairment or workaround available", rng.choice(["1 Business Day", "8 hours"])],
                ["Severity 4", "General question or feature request", rng.choice(["2 Business Days", "3 Business Days"])]]
        doc.table(["Severity", "Description", "Initial response"], rows)
    else:
        rows = [["Less than 99.9% but at least 99.0%", "10%"], ["Less than 99.0% but at least 95.0%", "25%"],
                ["Less than 95.0%", rng.choice(["50%", "100%"])]]
        doc.table(["Monthly Uptime Percentage", "Service Credit"], rows)


def subprocessor_table(doc):
    rng = doc.rng
    rows = []
    for _ in range(rng.randint(3, 7)):
        rows.append([rng.choice(NAME_A) + rng.choice(NAME_B) + " " + rng.choice(NAME_SUFFIX),
                     rng.choice(["Cloud hosting", "Customer support tooling", "Email delivery", "Payment processing",
                                 "Error monitoring", "Translation services"]),
                     rng.choice(["United States", "Ireland", "Germany", "United Kingdom", "Singapore", "Canada"])])
    doc.table(["Subprocessor", "Purpose", "Location"], rows)


# ---------------------------------------------------------------------------
# Documents
# ---------------------------------------------------------------------------

def header(doc, title):
    rng = doc.rng
    f = doc.fixed
    if doc.fmt == "md":
        if rng.random() < 0.15:
            doc.emit("---")
            doc.emit("title: %s" % title)
            doc.emit("version: \"%s\"" % doc.version)
            doc.emit("effective: %s" % doc.iso_date)
            if rng.random() < 0.4:
                doc.emit("kind: %s" % doc.kind)
            doc.emit("---")
            doc.emit("")
        if rng.random() < 0.15:
            doc.comment()
        doc.emit("# " + doc.polish(title))
        doc.emit("")
        doc.emit(rng.choice(["Last updated: %s", "_Effective date: %s_", "**Effective:** %s", "Version %s, %%s" % doc.version]) % doc.date)
        doc.emit("")
    else:
        doc.emit(title.upper() if rng.random() < 0.6 else title)
        if rng.random() < 0.5:
            doc.emit("=" * len(title))
        doc.emit("")
        doc.emit(rng.choice(["Last Updated: %s", "Effective Date: %s", "Version %s (%%s)" % doc.version]) % doc.date)
        doc.emit("")
    doc.toc_at = len(doc.lines)
    P, C = f["P"], f["C"]
    if doc.kind == "contract":
        if P == "we":
            ptxt = '%s ("%s", "we" or "us")' % (doc.persona.company, doc.persona.short)
        else:
            ptxt = '%s ("%s")' % (doc.persona.company, P)
        ctxt = '"you"' if C == "you" else '"%s"' % C
        doc.para('This %s (the "Agreement") is made between %s and the entity that signs or accepts it (%s).'
                 % (title, ptxt, ctxt))
        doc.para(" ".join(doc.fill(t) for t in rng.sample(OTHER["preamble.contract"], 2)))
    elif doc.kind == "license":
        doc.para(" ".join(doc.fill(t) for t in OTHER["preamble.license"][: rng.randint(1, 3)]))
    elif doc.kind == "tos":
        doc.para(" ".join(doc.fill(t) for t in OTHER["preamble.tos"][: rng.randint(2, 4)]))
    elif doc.kind == "product-terms":
        doc.para(" ".join(doc.fill(t) for t in OTHER["preamble.product"][: rng.randint(1, 3)]))
    else:
        doc.para(doc.fill(rng.choice([
            "{agr} sets out the rules that apply to the use of {svc} offered by {co}.",
            "{agr} explains what {C} may not do with {svc}, and what {P} may do if the rules are broken.",
            "Everyone who uses {svc} must follow {agr}. It forms part of the agreement that governs access to {svc}.",
        ])))


def signature(doc):
    if doc.fmt == "md":
        doc.para("IN WITNESS WHEREOF, the parties have executed this Agreement by their authorized representatives.")
        doc.table(["", doc.persona.company, "Customer"],
                  [["Signature", "", ""], ["Name", "", ""], ["Title", "", ""], ["Date", "", ""]])
        return
    doc.para("IN WITNESS WHEREOF, the parties have executed this Agreement by their duly authorized "
             "representatives as of the Effective Date.")
    left = doc.persona.company
    for a, b in ((left, "CUSTOMER"), ("By: ________________________", "By: ________________________"),
                 ("Name:", "Name:"), ("Title:", "Title:"), ("Date:", "Date:")):
        doc.emit((a.ljust(40) + b).rstrip())
    doc.blank()


def plan(doc):
    """Core sections in order: (probability, builder(doc, budget)) pairs."""
    k = doc.kind
    T = topic_section
    gov_extra = lambda: doc.concept_sents("gov", 1) if doc.level("gov") == "weak" else []
    term_extra = lambda: ([doc.fill(doc.rng.choice(BOILERPLATE["term-weak"][:2]))]
                          + doc.concept_sents("termination", 1))
    if k == "contract":
        return [
            (.8, lambda b: definitions_section(doc, b)),
            (1, lambda b: T(doc, "services", b, ["services"])),
            (1, lambda b: T(doc, "customer", b, ["customer"])),
            (.85, lambda b: restrictions_section(doc, b)),
            (.9, lambda b: responsible_section(doc, b)),
            (.25, lambda b: sensitive_section(doc, b)),
            (1, lambda b: T(doc, "fees", b, ["fees"])),
            (1, lambda b: T(doc, "term", b, ["term"], extras=term_extra())),
            (.9, lambda b: doc.level("suspension") and T(doc, "suspension", b, ["enforcement"],
                                                         extras=doc.concept_sents("suspension", 2))),
            (1, lambda b: T(doc, "ip", b, ["ip"])),
            (1, lambda b: T(doc, "confidentiality", b, ["confidentiality"])),
            (.9, lambda b: T(doc, "privacy", b, ["privacy"], extras=gov_extra())),
            (.6, lambda b: gov_section(doc, b)),
            (.7, lambda b: T(doc, "security", b, ["security"])),
            (1, lambda b: T(doc, "warranties", b, ["warranties"])),
            (1, lambda b: T(doc, "disclaimers", b, ["disclaimers"], caps=True)),
            (1, lambda b: T(doc, "liability", b, ["liability"], caps=True)),
            (.9, lambda b: T(doc, "indemnity", b, ["indemnity"])),
            (.9, lambda b: T(doc, "audit", b, ["records"], extras=doc.concept_sents("audit", 2))
             if doc.level("audit") else None),
            (.9, lambda b: hr_section(doc, b)),
            (.8, lambda b: T(doc, "export", b, ["export"])),
            (.3, lambda b: T(doc, "insurance", b, ["insurance"])),
            (.5, lambda b: T(doc, "support", b, ["support"])),
            (.3, lambda b: T(doc, "beta", b, ["beta"])),
            (.3, lambda b: T(doc, "ai-output", b, ["ai-output"])),
            (.4, lambda b: T(doc, "thirdparty", b, ["thirdparty"])),
            (.5, lambda b: T(doc, "changes", b, ["changes"])),
            (1, lambda b: T(doc, "notices", b, ["notices"])),
            (1, lambda b: T(doc, "assignment", b, ["assignment"])),
            (.9, lambda b: T(doc, "force-majeure", b, ["force-majeure"])),
            (1, lambda b: T(doc, "law", b, ["law"])),
            (1, lambda b: T(doc, "misc", b, ["misc"], extras=doc.concept_sents("grievance", 1))),
        ]
    if k == "aup":
        intro = doc.concept_sents("commitment", 1) + doc.concept_sents("policy", 1)
        return [
            (1, lambda b: T(doc, "aup-intro", b, ["aup-intro"], extras=intro)),
            (1, lambda b: restrictions_section(doc, b)),
            (.8, lambda b: sensitive_section(doc, b)),
            (.6, lambda b: T(doc, "aup-content", b, ["aup-content"])),
            (.7, lambda b: T(doc, "aup-security", b, ["aup-security"])),
            (.9, lambda b: responsible_section(doc, b)),
            (.6, lambda b: hr_section(doc, b)),
            (.3, lambda b: gov_section(doc, b)),
            (1, lambda b: enforcement_section(doc, b)),
            (1, lambda b: reporting_section(doc, b)),
            (.6, lambda b: T(doc, "changes", b, ["changes"])),
        ]
    if k == "product-terms":
        return [
            (1, lambda b: T(doc, "services", b, ["services", "changes"], title="General Terms")),
            (.5, lambda b: definitions_section(doc, b, doc.rng.randint(5, 10))),
            (.8, lambda b: restrictions_section(doc, b, title="Restrictions Applicable to All Products")),
            (.7, lambda b: sensitive_section(doc, b)),
            (.8, lambda b: responsible_section(doc, b)),
            (.8, lambda b: doc.level("suspension") and T(doc, "suspension", b, ["enforcement"],
                                                         extras=doc.concept_sents("suspension", 2)
                                                         + doc.concept_sents("termination", 1))),
            (.6, lambda b: T(doc, "audit", b, ["records"], extras=doc.concept_sents("audit", 1))
             if doc.level("audit") else None),
            (.5, lambda b: hr_section(doc, b)),
            (.6, lambda b: T(doc, "privacy", b, ["privacy"], extras=gov_extra())),
            (.4, lambda b: gov_section(doc, b)),
            (.5, lambda b: T(doc, "ai-output", b, ["ai-output"])),
            (.4, lambda b: T(doc, "beta", b, ["beta"])),
            (.4, lambda b: T(doc, "thirdparty", b, ["thirdparty"])),
        ]
    if k == "tos":
        term = (doc.concept_sents("suspension", 2) + doc.concept_sents("termination", 1))
        return [
            (.6, lambda b: definitions_section(doc, b, doc.rng.randint(4, 9))),
            (1, lambda b: T(doc, "accounts", b, ["accounts"])),
            (1, lambda b: T(doc, "content", b, ["content"])),
            (1, lambda b: restrictions_section(doc, b)),
            (.2, lambda b: sensitive_section(doc, b)),
            (.3, lambda b: responsible_section(doc, b)),
            (.6, lambda b: T(doc, "fees", b, ["fees-consumer"], title="Paid Plans")),
            (.9, lambda b: T(doc, "privacy", b, ["privacy-consumer"], extras=gov_extra())),
            (.7, lambda b: gov_section(doc, b)),
            (1, lambda b: T(doc, "ip", b, ["ip"])),
            (.6, lambda b: T(doc, "thirdparty", b, ["thirdparty"])),
            (.4, lambda b: T(doc, "ai-output", b, ["ai-output"])),
            (.3, lambda b: hr_section(doc, b)),
            (1, lambda b: T(doc, "term", b, ["tos-termination"], extras=term, title="Suspension and Termination")),
            (1, lambda b: T(doc, "disclaimers", b, ["disclaimers"], caps=True)),
            (1, lambda b: T(doc, "liability", b, ["liability", "liability-consumer"], caps=True)),
            (.8, lambda b: T(doc, "indemnity", b, ["indemnity"])),
            (1, lambda b: T(doc, "law", b, ["law"])),
            (.8, lambda b: T(doc, "changes", b, ["changes"])),
            (1, lambda b: T(doc, "misc", b, ["misc"])),
            (1, lambda b: reporting_section(doc, b)),
        ]
    # license
    return [
        (1, lambda b: definitions_section(doc, b, doc.rng.randint(4, 9))),
        (1, lambda b: T(doc, "licence", b, ["licence"], extras=doc.concept_sents("flowdown", 1))),
        (.7, lambda b: T(doc, "licence", b, ["licence-dist"], title=doc.rng.choice(
            ["Distribution", "Conditions of Distribution", "Redistribution Requirements"]))),
        (.6, lambda b: T(doc, "licence", b, ["licence-patent"], title=doc.rng.choice(
            ["Patents", "Patent Licence", "Contributions and Patents"]))),
        (1, lambda b: restrictions_section(doc, b, title=doc.rng.choice(
            ["Use Restrictions", "Acceptable Use", "Prohibited Uses", "Conditions of Use"]))),
        (.5, lambda b: sensitive_section(doc, b)),
        (.5, lambda b: responsible_section(doc, b)),
        (.5, lambda b: hr_section(doc, b, title=doc.rng.choice(["Human Rights", "Ethical Use", "Responsible Use"]))),
        (.5, lambda b: T(doc, "ai-output", b, ["ai-output"])),
        (.5, lambda b: T(doc, "ip", b, ["licence-ip"])),
        (1, lambda b: T(doc, "disclaimers", b, ["disclaimers"], caps=True)),
        (1, lambda b: T(doc, "liability", b, ["licence-liability", "liability"], caps=True)),
        (1, lambda b: T(doc, "term", b, ["licence-term"], extras=doc.concept_sents("termination", 1)
                        + doc.concept_sents("suspension", 1), title="Termination")),
        (.5, lambda b: T(doc, "export", b, ["export"])),
        (1, lambda b: T(doc, "law", b, ["law"])),
        (.5, lambda b: T(doc, "misc", b, ["misc"])),
    ]


def extensions(doc):
    """What a document of this kind may carry after its core sections to reach
    its size: (heading for the product block, product-section builder,
    whether country terms are usual, [(schedule title, builder)])."""
    k = doc.kind
    T = topic_section
    rng = doc.rng
    if k == "contract":
        tails = [
            ("Data Processing Addendum",
             lambda b, t: (T(doc, "privacy", b, ["dpa"], title=t, numbered=False),
                           rng.random() < 0.5 and subprocessor_table(doc))),
            ("Service Level Agreement",
             lambda b, t: (T(doc, "support", b, ["sla", "support"], title=t, numbered=False),
                           rng.random() < 0.6 and support_table(doc))),
            ("Professional Services", lambda b, t: T(doc, "proserv", b, ["proserv"], title=t, numbered=False)),
            ("Acceptable Use Policy",
             lambda b, t: (doc.heading(t, numbered=False),
                           restrictions_section(doc, b, title="Acceptable Use", numbered=False),
                           enforcement_section(doc, b // 2, numbered=False))),
            ("Security Measures", lambda b, t: T(doc, "security", b, ["security"], title=t, numbered=False)),
        ]
        block = rng.choice([None, "Part B \u2013 Product-Specific Terms", "Product-Specific Terms"])
        return block, lambda b: product_section(doc, b), 0.5, tails
    if k == "product-terms":
        tails = [("Service Level Terms", lambda b, t: T(doc, "support", b, ["sla"], title=t, numbered=False)),
                 ("Data Processing Terms", lambda b, t: T(doc, "privacy", b, ["dpa"], title=t, numbered=False))]
        block = rng.choice([None, "Products", "Product-Specific Terms", "Terms for Individual Products"])
        return block, lambda b: product_section(doc, b), 0.4, tails
    if k == "aup":
        return (rng.choice([None, "Product-Specific Rules"]),
                lambda b: product_section(doc, b, "Additional Rules for {prod}"), 0, [])
    if k == "tos":
        return (rng.choice([None, "Additional Terms for Specific Features"]),
                lambda b: product_section(doc, b, "Additional Terms for {prod}"), 0.3, [])
    tails = [("Use Restrictions",
              lambda b, t: (doc.heading(t, numbered=False),
                            restrictions_section(doc, b, title="Restricted Uses", numbered=False)))]
    style = rng.choice(["Terms for {prod}", "Supplemental Terms: {prod}"])
    return None, lambda b: product_section(doc, b, style), 0, tails


def build(rng, kind, fmt, target):
    doc = Doc(rng, kind, fmt, target)
    title = rng.choice(TITLE_CHOICES[kind]).replace("{short}", doc.persona.short)
    doc.title = title
    header(doc, title)
    steps = plan(doc)
    n_core = sum(1 for p, _ in steps if p >= 0.5)
    per = max(700, min(4200, int(target * 0.85 / max(n_core, 1))))
    comments = 0
    for p, fn in steps:
        if rng.random() >= p:
            continue
        if doc.size > target and p < 1:
            continue
        budget = int(per * rng.uniform(0.6, 1.4))
        if doc.size > target * 0.9:
            budget = 300
        fn(budget)
        if doc.fmt == "md" and comments < 2 and rng.random() < 0.04:
            doc.comment()
            comments += 1
    block, product, country_p, tails = extensions(doc)
    tails = [t for t in tails if rng.random() < 0.7]
    rng.shuffle(tails)
    # Schedules go last: write them aside first, so that the product terms
    # before them can be sized to fit.
    saved = doc.lines, doc.size
    doc.lines, doc.size = [], 0
    label = rng.choice(["Schedule", "Annex", "Exhibit", "Attachment"])
    letters = kind == "license" or label in ("Annex", "Exhibit")
    room = target - saved[1]
    for i, (name, fn) in enumerate(tails):
        if doc.size > room * 0.5:
            break
        num = "ABCDEFGH"[i] if letters else str(i + 1)
        fn(int(rng.uniform(2000, 6000)), "%s %s \u2013 %s" % (label, num, name))
    tail_lines, reserve = doc.lines, doc.size
    doc.lines, doc.size = saved
    countries = rng.random() < country_p
    country_reserve = rng.randint(2, 5) * 1500 if countries else 0
    slack = min(1500, max(0, target - MIN_DOC - 300))
    room = target - doc.size - reserve - country_reserve
    if room > 3000 and block and block not in doc.headings[:1] and block != doc.title:
        doc.heading(block, numbered=False, level=2)
    while doc.size < target - reserve - country_reserve - slack and doc.prod_i < len(doc.products):
        left = len(doc.products) - doc.prod_i
        room = target - reserve - country_reserve - doc.size
        product(max(1500, min(6000, int(room / left * rng.uniform(0.7, 1.3)))))
    if countries and doc.size < target - reserve - slack:
        if rng.random() < 0.5:
            doc.heading(rng.choice(["Country-Specific Terms", "Part C \u2013 Country-Specific Terms"]),
                        numbered=False)
        while doc.size < target - reserve - slack and country_section(doc, 1500):
            pass
    guard = 0
    while doc.size < target - reserve - slack and guard < 100:  # products used up: FAQ, then repeat products
        guard += 1
        if kind in ("license", "aup", "tos") and faq_section(doc, target - reserve - doc.size):
            continue
        if kind in ("contract", "product-terms", "tos") and country_section(doc, 1500):
            continue
        product(min(int(rng.uniform(1500, 5000)), target - doc.size))
    doc.blank()
    doc.lines.extend(tail_lines)
    doc.size += reserve
    if kind == "contract" and rng.random() < (0.5 if fmt == "txt" else 0.2):
        signature(doc)
    # table of contents for some long Markdown documents
    if fmt == "md" and doc.size > 80 * KB and rng.random() < 0.3:
        toc = ["## Contents", ""]
        for h in doc.headings:
            anchor = re.sub(r"[^\w\- ]", "", h.lower()).strip().replace(" ", "-")
            toc.append("- [%s](#%s)" % (h, anchor))
        toc.append("")
        doc.lines[doc.toc_at:doc.toc_at] = toc
        doc.size += sum(len(t.encode("utf-8")) + doc.nl for t in toc)
    while doc.lines and doc.lines[-1] == "":
        doc.lines.pop()
        doc.size -= doc.nl
    text = ("\r\n" if doc.crlf else "\n").join(doc.lines) + ("\r\n" if doc.crlf else "\n")
    data = text.encode("utf-8")
    if "{" in text and re.search(r"\{\w+\}", text):
        raise RuntimeError("unfilled slot in generated text: %s" % re.search(r"\{\w+\}", text).group(0))
    return data


# ---------------------------------------------------------------------------
# Main
# ---------------------------------------------------------------------------

def prepare_out(out):
    if os.path.exists(out):
        if not os.path.isdir(out):
            sys.exit("generate.py: %s exists and is not a directory" % out)
        entries = os.listdir(out)
        if entries and MARKER not in entries:
            sys.exit("generate.py: refusing to write into non-empty directory %s (no %s marker)" % (out, MARKER))
        for name in entries:  # a directory this script made: remove only its own documents
            if re.fullmatch(r"doc-\d{5}\.(md|txt)", name):
                os.remove(os.path.join(out, name))
    else:
        os.makedirs(out)


def main(argv=None):
    ap = argparse.ArgumentParser(description="Generate synthetic terms documents for clauselint benchmarks.")
    ap.add_argument("--size-mb", type=float, required=True, help="total size in MB (1 MB = 1,000,000 bytes)")
    ap.add_argument("--out", required=True, help="output directory (created; must be empty or made by this script)")
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args(argv)
    total = int(args.size_mb * MB)
    if total < MIN_DOC:
        sys.exit("generate.py: --size-mb must be at least %.2f" % (MIN_DOC / MB))
    prepare_out(args.out)
    with open(os.path.join(args.out, MARKER), "w", encoding="utf-8") as f:
        f.write("clauselint benchmark input: benches/generate.py --size-mb %s --seed %d\n" % (args.size_mb, args.seed))

    plan_rng = random.Random("clauselint-bench/%d" % args.seed)
    written = md_bytes = 0
    i = 0
    while total - written >= MIN_DOC * 0.5 or i == 0:
        i += 1
        remaining = total - written
        last = remaining <= 100 * KB
        forced = None
        if last:  # the last document takes the rest
            forced = max(MIN_DOC, remaining)
        elif remaining < MAX_DOC + MIN_DOC + 5 * KB:  # split what is left into two documents
            forced = remaining // 2
        if forced:  # in a kind that comes in that size
            target = forced
            fits = [k for k in KINDS if KIND_SIZES[k][0] <= target <= KIND_SIZES[k][1]] or ["aup"]
            kind = plan_rng.choices(fits, [KIND_WEIGHTS[KINDS.index(k)] for k in fits])[0]
        else:
            kind = plan_rng.choices(KINDS, KIND_WEIGHTS)[0]
            lo, hi = KIND_SIZES[kind]
            target = lo + int((hi - lo) * plan_rng.random() ** 2)  # most terms are short; a few are long
            if remaining - target < MIN_DOC:
                target = remaining - MIN_DOC - 2 * KB  # leave room for a last document
            target = max(MIN_DOC, min(target, MAX_DOC - 3 * KB))
        # format: keep the Markdown share of bytes near 70%
        md_if = (md_bytes + target) / (written + target)
        txt_if = md_bytes / (written + target)
        if abs(md_if - MD_SHARE) < 0.02 and abs(txt_if - MD_SHARE) < 0.02:
            fmt = "md" if plan_rng.random() < MD_SHARE else "txt"
        else:
            fmt = "md" if abs(md_if - MD_SHARE) <= abs(txt_if - MD_SHARE) else "txt"
        data = build(random.Random("clauselint-bench/%d/%d" % (args.seed, i)), kind, fmt, target)
        name = "doc-%05d.%s" % (i, fmt)
        with open(os.path.join(args.out, name), "wb") as f:
            f.write(data)
        written += len(data)
        if fmt == "md":
            md_bytes += len(data)
        if last:
            break
    print("%d files, %d bytes (%.1f%% Markdown) in %s" % (i, written, 100.0 * md_bytes / written, args.out))


if __name__ == "__main__":
    main()
