"""Original demo content for ``manage.py load_demo``: categories, the About page and articles."""

CATEGORIES = [
    {
        "name": "Managing",
        "slug": "managing",
        "description": "Hiring, delegating and running a small team without drowning in admin.",
    },
    {
        "name": "Marketing",
        "slug": "marketing",
        "description": (
            "Getting noticed by the right people, from choosing a niche to sending an email "
            "newsletter people actually open."
        ),
    },
    {
        "name": "Planning",
        "slug": "planning",
        "description": (
            "Simple plans, cash-flow forecasts and the habits that keep a small business on track."
        ),
    },
    {
        "name": "Strategy",
        "slug": "strategy",
        "description": (
            "Deciding where to compete and how to price, with an honest eye on the competition."
        ),
    },
    {
        "name": "Sales",
        "slug": "sales",
        "description": (
            "Quoting, following up and winning work in a way that feels natural to you and to your "
            "customers."
        ),
    },
    {
        "name": "Service",
        "slug": "service",
        "description": (
            "Looking after customers well, including the moments when something goes wrong."
        ),
    },
    {
        "name": "Networking",
        "slug": "networking",
        "description": (
            "Meeting people who can help your business grow, in person and close to home."
        ),
    },
]

ABOUT = {
    "title": "About smallbiz",
    "summary": (
        "We are a small team writing practical, plain-spoken advice for people who run small "
        "businesses."
    ),
    "body": """smallbiz started at a kitchen table, with a handful of people who had run shops,
studios and service firms and kept being asked the same questions by friends. We decided to
write the answers down. Today we are still a small team, and everything on this site is written
by people who have paid staff, chased invoices and worried about a quiet month.

Our articles are meant to be used, not admired. Each one focuses on a single problem, such as
pricing a job, handling a complaint or hiring for the first time, and gives you steps you can
try this week. We avoid jargon, and we say so when something depends on your circumstances or
needs a professional.

If you would like our best new advice in your inbox, sign up for our **monthly e-zine**. It
arrives once a month, takes about five minutes to read and we never share your address with
anyone. You can unsubscribe with one click whenever you like.""",
}

HOME_INTRO = """Welcome to **smallbiz**. Whether you have just opened your doors or have been
trading for years, you will find practical advice here on managing people, winning customers,
planning ahead and keeping the cash coming in.

Browse by category, or start with our latest articles below. Every piece is short enough to
read over a cup of tea and concrete enough to act on the same afternoon."""

ARTICLES = [
    {
        "category": "managing",
        "slug": "hiring-your-first-employee",
        "title": "Hiring Your First Employee",
        "summary": (
            "How to take on your first member of staff calmly, from deciding what the role is to "
            "planning their first week."
        ),
        "intro": """Taking on your first employee is a big step. It can give you back hours
every week, but it also brings paperwork, new costs and a working relationship you are
responsible for. With a little preparation, you can make the move with confidence and avoid the
most common early mistakes.""",
        "status": "published",
        "days_ago": 40,
        "hero": {
            "colors": ["#1d4e89", "#f2a541"],
            "alt": "Abstract navy and amber shapes suggesting a small team beginning to grow",
        },
        "related": ["delegating-without-losing-sleep", "running-shorter-meetings"],
        "sections": [
            {
                "heading": "Know what you need before you advertise",
                "body": """Before you write a job advert, spend an hour listing everything you
did last week. Mark the tasks that only you can do, such as setting prices or meeting key
clients, and the ones that someone else could learn in a few days. That second list is the
start of your job description.

Be realistic about hours as well. Many first hires work best as part-time roles that can grow
later, which keeps your costs down while you both find your feet. Finally, write a sentence or
two describing what a good month would look like for the new person. It will help you choose
between candidates and judge later whether the role is working.""",
            },
            {
                "heading": "Get the paperwork in order",
                "body": """Employing someone comes with legal duties, and it is much easier to
set them up before the first day than to catch up afterwards. In the UK, the government's guide
to [employing staff for the first time](https://www.gov.uk/employing-staff) walks you through
the basics. As a minimum, make sure you have:

- a written statement of terms, ready on or before day one
- proof that the person has the right to work here
- payroll set up so that tax and National Insurance are handled
- a workplace pension, if they qualify
- employers' liability insurance

If any of this feels unfamiliar, an hour with an accountant is money well spent.""",
            },
            {
                "heading": "Interview for attitude as well as skill",
                "body": """In a small business, your first employee will often cover for you,
talk to customers and deal with surprises. Skills matter, but so does how someone behaves when
things get busy or go wrong.

Ask candidates to describe a real situation rather than a hypothetical one. 'Tell me about a
time a customer was unhappy' will teach you more than 'How would you handle a complaint?'. If
the role allows it, pay for a short trial task, such as a morning on the shop floor or a sample
piece of work. You will both learn whether the fit is right, and it is fairer than judging on
an interview alone.""",
            },
            {
                "heading": "Plan their first week",
                "body": """A new starter who spends the first morning waiting for a login soon
wonders whether they made the right choice. Prepare a simple plan for the first week: who they
will meet, what they will learn each day and one small task they can finish by Friday.

Block out time in your own diary too. It is tempting to hand over a pile of work and disappear,
but the first fortnight is when habits form. A ten-minute chat at the end of each day lets you
answer questions early, before small confusions turn into bigger problems.""",
            },
        ],
    },
    {
        "category": "managing",
        "slug": "delegating-without-losing-sleep",
        "title": "Delegating Without Losing Sleep",
        "summary": (
            "Practical steps for handing work to others so that it gets done well and you stop "
            "being the bottleneck in your own business."
        ),
        "intro": """Most owners know they should delegate more, yet many still end up doing
everything themselves. Usually the problem is not laziness or pride but worry: what if it is
done badly? These steps help you hand work over in a way that protects both quality and your
peace of mind.""",
        "status": "published",
        "days_ago": 95,
        "hero": None,
        "related": ["hiring-your-first-employee", "running-shorter-meetings"],
        "sections": [
            {
                "heading": "Start with the tasks you put off",
                "body": """The easiest jobs to delegate first are often the ones you keep
pushing to next week. They might be routine, like updating the website or ordering stock, or
they might simply be things you are not very good at. Either way, they are costing you more
attention than they deserve.

Keep a list for a fortnight of every task that makes you sigh. Pick one that happens regularly
and has a clear finish. Handing over a repeating job gives the other person a chance to improve
each time, and it gives you back time every week instead of just once.""",
            },
            {
                "heading": "Explain the outcome, not just the steps",
                "body": """When we delegate in a hurry, we tend to describe the steps we would
take and leave out why the job matters. That makes it hard for the other person to deal with
anything unexpected.

Instead, describe what a finished job looks like and who it is for. For example: 'The supplier
order needs to go out by Thursday so that we have stock for the Saturday market. Keep it under
£400 if you can.' With the outcome, the deadline and the limits in view, a capable person can
make sensible choices on their own, and you will not be asked about every small decision.""",
            },
            {
                "heading": "Agree how you will check in",
                "body": """Checking in is not the same as hovering. Agree at the start when and
how you will review progress, and then stick to it. For a new task, that might be a quick look
halfway through and a short chat at the end. As confidence grows on both sides, the check-ins
can become less frequent.

It also helps to be clear about the level of freedom. Does the person need to **ask before
acting**, **act and then tell you**, or simply **act**? Naming the level removes guesswork and
stops you feeling that something has been done behind your back.""",
            },
            {
                "heading": "Let them do it their way",
                "body": """The result of delegating will rarely be identical to what you would
have done. That is fine. If the outcome meets the standard you agreed, resist the urge to redo
it or to point out small differences in approach.

Save your feedback for things that truly matter to the customer or the business, and be
specific when you give it. People who are trusted with real responsibility usually rise to it,
and some will find better ways of working that you can learn from. Over time, you will discover
that your business can run for a day or two without you, which is exactly the point.""",
            },
        ],
    },
    {
        "category": "managing",
        "slug": "running-shorter-meetings",
        "title": "Running Shorter, Better Meetings",
        "summary": (
            "Simple habits that cut the length of team meetings and make sure something useful "
            "happens as a result."
        ),
        "intro": """In a small team, an hour-long meeting can take a real bite out of the
working week. Meetings are still useful for making decisions and keeping everyone in step, but
they work best when they are short, focused and end with clear actions.""",
        "status": "published",
        "days_ago": 12,
        "hero": {
            "colors": ["#2a9d8f", "#e9c46a"],
            "alt": "Abstract teal and mustard circles arranged around a table shape",
        },
        "related": ["delegating-without-losing-sleep", "hiring-your-first-employee"],
        "sections": [
            {
                "heading": "Ask whether you need a meeting at all",
                "body": """Before you send an invitation, ask what the meeting is for. If it is
only to share information, a short written update may do the job better, because people can
read it when it suits them. Meetings earn their place when you need to discuss options, make a
decision or sort out a problem that involves several people.

A useful test is to finish this sentence: 'By the end of this meeting we will have...'. If you
cannot complete it with something concrete, such as a decision or a plan, the meeting probably
is not ready to happen yet.""",
            },
            {
                "heading": "Write a three-line agenda",
                "body": """You do not need a formal document. Three lines are enough:

1. The question or decision to be covered.
2. Any information people should read beforehand.
3. Who needs to be there, and why.

Send it at least a day ahead so that people can think before they arrive. You will find that
discussions move faster when everyone has had a chance to look at the numbers or the options in
advance, and people who are not needed can politely decline and get on with their work.""",
            },
            {
                "heading": "Keep time where everyone can see it",
                "body": """Meetings tend to expand to fill the time available, so book less
time than you think you need. Twenty-five minutes is often plenty for a small team. Put a clock
or timer where everyone can see it and, if it helps, give each agenda item a rough number of
minutes.

When a conversation wanders into a topic that deserves its own discussion, note it on a 'later'
list rather than trying to solve it on the spot. This keeps the meeting on track without anyone
feeling ignored, and it gives you a ready-made agenda for next time.""",
            },
            {
                "heading": "Finish with names and dates",
                "body": """The last five minutes matter most. Go round the table and agree who
is doing what, and by when. Write it down where everyone can find it, whether that is a shared
document, a whiteboard or a simple message sent straight afterwards.

At the start of the next meeting, spend two minutes checking those actions. It is a small
habit, but it shows that decisions lead to results, and people quickly learn that what is
agreed in the room actually happens. That, more than any agenda template, is what makes
meetings worth attending.""",
            },
        ],
    },
    {
        "category": "marketing",
        "slug": "email-newsletter-basics",
        "title": "Email Newsletters Your Customers Will Open",
        "summary": (
            "How to build a small, loyal email list and send newsletters that people look forward "
            "to rather than delete."
        ),
        "intro": """Email is one of the most cost-effective marketing tools a small business
has. You own your list, you decide when to send, and the people reading have already shown an
interest. The trick is to send emails that feel like a helpful note from a real person, not an
advert.""",
        "status": "published",
        "days_ago": 150,
        "hero": {
            "colors": ["#6a4c93", "#ffca3a"],
            "alt": "Abstract purple and yellow envelope shapes drifting upwards",
        },
        "related": ["choosing-a-niche", "following-up-without-pestering"],
        "sections": [
            {
                "heading": "Build your list honestly",
                "body": """The best email lists are built slowly, from people who have chosen
to hear from you. Add a simple sign-up form to your website, mention your newsletter on
receipts and invite customers to join when they buy from you in person.

Always make it clear what people are signing up for and how often you will write. Never add
someone just because they once sent you an enquiry or handed you a business card. Apart from
the legal rules on consent, a list full of people who never asked to be on it will have poor
open rates and more complaints, which can harm your ability to reach anyone.""",
            },
            {
                "heading": "Give each email one clear job",
                "body": """A newsletter that tries to do everything usually achieves nothing.
Before you write, decide on the single thing you would like readers to do or learn. It might be
trying a new service, booking before a busy period or reading a helpful tip.

Lead with that, keep it short and make the next step obvious with one clear button or link.
Other news can go in a brief section further down. Readers skim emails on their phones between
other tasks, so a focused message is far more likely to be acted on than a long round-up.""",
            },
            {
                "heading": "Write subject lines like a person",
                "body": """Your subject line decides whether the email is opened at all. Write
it the way you would write to a customer you know: plain, specific and honest about what is
inside. 'Three ways to keep your garden tidy this winter' tells the reader exactly what they
will get. 'Our November newsletter' does not.

Avoid capital letters, rows of exclamation marks and words that sound like a hard sell. They
look like spam to readers and to email filters. If you are torn between two subject lines, most
email services will let you test both on a small part of your list first.""",
            },
            {
                "heading": "Measure what matters",
                "body": """Open rates get a lot of attention, but they are not the best guide
to whether a newsletter is working. Look instead at clicks, replies and, above all, what people
do afterwards. Did bookings rise the week you sent it? Did anyone mention it in the shop?

Keep a simple record of each send: the date, the subject, the main message and what happened
next. After six months, patterns will appear. You will see which topics your customers care
about, which days work best and how often you can write before people start to unsubscribe.""",
            },
        ],
    },
    {
        "category": "marketing",
        "slug": "choosing-a-niche",
        "title": "Choosing a Niche You Can Own",
        "summary": (
            "Why focusing on a narrower group of customers can make your marketing easier and your "
            "business more profitable."
        ),
        "intro": """Trying to serve everyone feels safe, but it often leaves a small business
sounding like every other one. Choosing a niche means deciding who you serve best and speaking
directly to them. It can feel like turning work away, yet in practice it usually brings more of
the right customers to your door.""",
        "status": "published",
        "days_ago": 310,
        "hero": None,
        "related": ["email-newsletter-basics", "reviewing-your-competitors"],
        "sections": [
            {
                "heading": "Why narrowing down feels risky",
                "body": """Most owners resist choosing a niche because they worry about losing
customers. If you are a bookkeeper who serves 'any small business', saying you specialise in
cafés and restaurants sounds like closing the door on everyone else.

In reality, a niche is about where you focus your marketing, not about refusing other work. You
can still help a florist who walks in. But your website, your examples and your conversations
will speak clearly to one group, and that group will recognise itself. People prefer a
specialist who understands their world over a generalist who might.""",
            },
            {
                "heading": "Look closely at your best customers",
                "body": """Your current customers already hold clues. Make a list of the ten
you most enjoyed working with and who paid on time. What do they have in common? Look at their
industry, their size, their location and the problem that first brought them to you.

You might notice that your most rewarding jobs are all for a particular type of client, or that
you solve one problem much better than anyone else. A good niche sits where three things meet:
work you do well, customers who value it, and a group large enough to sustain your
business.""",
            },
            {
                "heading": "Test the niche before you commit",
                "body": """You do not need to rebuild your whole brand overnight. Start with
small experiments. Write two or three articles aimed at your chosen group, adjust the wording
on one page of your website or go to an event where those customers gather.

Watch what happens over a couple of months. Are enquiries more relevant? Are conversations
easier? Are people willing to pay a little more because you clearly understand their needs? If
the answers are encouraging, widen the change. If not, try a different angle. A niche is a
decision you can refine, not a tattoo.""",
            },
            {
                "heading": "Speak the way your niche speaks",
                "body": """Once you have chosen, learn the language of your customers. Every
trade has its own words, worries and busy seasons. A wedding photographer who understands a
venue's timings, or a plumber who knows how landlords think about repairs, earns trust quickly.

Use that knowledge in your marketing. Mention the specific problems your customers face, show
examples from their world and share advice that only someone inside it would know. This is what
makes a niche powerful: your message stops sounding like an advert and starts sounding like
help from someone who gets it.""",
            },
        ],
    },
    {
        "category": "marketing",
        "slug": "asking-for-referrals",
        "title": "Asking for Referrals Without Feeling Awkward",
        "summary": (
            "A friendly, low-pressure way to ask happy customers to recommend you, and to make "
            "recommending you easy."
        ),
        "intro": """Word of mouth is still the way most small businesses win their best
customers, yet many owners never actually ask for it. A referral from a happy client carries
more weight than any advert. With the right timing and a little preparation, asking can feel
natural for everyone.""",
        "status": "draft",
        "days_ago": 0,
        "hero": None,
        "related": ["getting-value-from-networking-events", "email-newsletter-basics"],
        "sections": [
            {
                "heading": "Ask at the right moment",
                "body": """The best time to ask for a referral is when a customer has just told
you they are pleased. That might be when you hand over a finished project, when they send a
thank-you message or when they come back for a second time.

Keep the request simple and specific: 'I'm really glad it worked out. If you know anyone else
who is planning a new kitchen this year, I'd be grateful if you passed my name on.' Mentioning
a particular type of person helps them think of someone real, rather than drawing a blank when
faced with 'anyone you know'.""",
            },
            {
                "heading": "Make it easy to pass you on",
                "body": """People are more likely to recommend you when it takes no effort.
Give them something they can forward or hand over, such as a short email with a link to your
website, a couple of business cards or a simple leaflet.

A few ideas that work well:

- a short sentence explaining who you help, which they can copy into a message
- a link to a page with examples of your work
- a small thank-you for both parties, if it suits your business

Keep any reward modest. The main reason people refer is that they want to help a friend, not to
win a prize.""",
            },
            {
                "heading": "Thank people properly",
                "body": """When a referral comes through, thank the person who sent it, whether
or not the work goes ahead. A handwritten card, a phone call or a small gift shows that you
noticed and that you value their trust.

Let them know how it went, too, without sharing anything private. People like to hear that
their recommendation helped. This small courtesy makes them far more likely to refer you again,
and it turns a one-off recommendation into a steady relationship with someone who is quietly
promoting your business.""",
            },
        ],
    },
    {
        "category": "planning",
        "slug": "one-page-business-plan",
        "title": "Writing a One-Page Business Plan",
        "summary": (
            "Forget the fifty-page document. A single page can capture where your business is "
            "going and how you will get there."
        ),
        "intro": """Many small business owners never write a plan because the idea conjures up
thick folders and endless spreadsheets. But a plan that fits on one page is far more likely to
be read, updated and actually used. Here is how to write one in an afternoon.""",
        "status": "published",
        "days_ago": 220,
        "hero": {
            "colors": ["#264653", "#f4a261"],
            "alt": "Abstract dark teal and sandy orange shapes suggesting a folded map",
        },
        "related": ["keeping-cash-flow-healthy", "pricing-for-profit"],
        "sections": [
            {
                "heading": "Why one page is enough",
                "body": """A long plan is useful when you are asking a bank for a large loan,
but for running the business day to day it often ends up in a drawer. A single page forces you
to decide what really matters. You cannot include every idea, so you have to choose.

That choice is the point. A one-page plan becomes something you can pin above your desk, share
with your team and glance at when you are weighing up a new opportunity. If an idea does not
help you reach the goals on the page, it may be a distraction, however exciting it looks.""",
            },
            {
                "heading": "The six questions to answer",
                "body": """Give each of these questions a few lines at most:

1. **Who are our customers?** Describe them as specific people.
2. **What problem do we solve for them?**
3. **Why should they choose us over the alternatives?**
4. **How will they hear about us?**
5. **What do we want to achieve this year?** Use numbers where you can.
6. **What are the three biggest things we must do to get there?**

Write in plain words, as if explaining to a friend. If you struggle with one of the questions,
that is useful information in itself, and it may be where your business needs the most
attention.""",
            },
            {
                "heading": "Put numbers on it",
                "body": """A plan without figures is a wish. Add a small box to your page with
the handful of numbers that matter most: expected sales, the main costs, the profit you are
aiming for and the cash you need to keep in reserve.

You do not need to be precise. A sensible estimate based on last year's figures, or on what
similar businesses achieve, is enough to start with. The aim is to have something to measure
against, so that in three months you can see whether you are on track and adjust if you are
not.""",
                "image": {
                    "colors": ["#264653", "#e76f51"],
                    "alt": (
                        "Abstract teal and coral blocks arranged like a single page of notes and "
                        "figures"
                    ),
                },
            },
            {
                "heading": "Review it every quarter",
                "body": """Put a date in your diary every three months to look at the plan
again. Take an hour, compare the numbers with what actually happened and ask what has changed.
Perhaps a new competitor has opened nearby, or a service you thought would be a sideline has
become popular.

Update the page and keep the old versions. Looking back over a year of one-page plans is a
surprisingly good way to see how your business, and your thinking, has grown. It also makes the
next year's plan much quicker to write.""",
            },
        ],
    },
    {
        "category": "planning",
        "slug": "keeping-cash-flow-healthy",
        "title": "Keeping Your Cash Flow Healthy",
        "summary": (
            "Simple habits for forecasting, collecting and protecting cash so that a profitable "
            "business never runs short of money."
        ),
        "intro": """Plenty of businesses that make a profit on paper still struggle to pay
their bills. The difference is cash flow: the timing of money coming in and going out. A little
attention each week can prevent most cash surprises and give you the confidence to plan
ahead.""",
        "status": "published",
        "days_ago": 5,
        "hero": None,
        "related": ["one-page-business-plan", "pricing-for-profit"],
        "sections": [
            {
                "heading": "Profit is not the same as cash",
                "body": """Profit tells you whether your business earns more than it spends
over a period. Cash tells you whether there is money in the bank today. The two can be very
different. If you finish a big job in March but the customer pays in May, your accounts may
show a healthy profit while your bank balance is close to zero.

Growth can make this worse. Taking on more work often means buying materials or paying staff
before customers pay you. Understanding this gap is the first step to managing it, and it
explains why busy businesses sometimes feel the most pressure.""",
            },
            {
                "heading": "Build a simple 13-week forecast",
                "body": """A rolling forecast for the next thirteen weeks is one of the most
useful tools you can keep. List the money you expect to receive and pay out each week, then
work out the closing balance. It can be as simple as this:

| Week | Money in | Money out | Closing balance |
| --- | --- | --- | --- |
| 1 | £4,200 | £3,100 | £6,100 |
| 2 | £1,800 | £3,900 | £4,000 |
| 3 | £5,500 | £2,700 | £6,800 |

Update it every Friday. The point is not perfect accuracy but early warning. If a dip is coming
in week nine, you have two months to do something about it.""",
            },
            {
                "heading": "Get paid faster",
                "body": """The quickest way to improve cash flow is usually to shorten the time
between doing the work and getting paid. A few changes can make a real difference:

- Send invoices the same day the work is finished, not at the end of the month.
- State clear payment terms and the date payment is due.
- Take deposits on larger jobs, especially where you buy materials.
- Make paying easy, with bank details and a card link on every invoice.

When a payment is late, a polite reminder the day after it is due works far better than waiting
a month and sending an angry one.""",
            },
            {
                "heading": "Keep a buffer for tax and surprises",
                "body": """Tax bills catch out many owners because they arrive long after the
income was earned. A simple habit is to move a fixed percentage of every payment you receive
into a separate savings account. Ask your accountant what percentage makes sense for you, and
check the deadlines that apply to your business on [GOV.UK](https://www.gov.uk/).

Aim, too, for a general reserve that would cover two or three months of essential costs.
Building it takes time, but even a small cushion means that a late payment or a broken-down van
becomes an inconvenience rather than a crisis.""",
            },
        ],
    },
    {
        "category": "planning",
        "slug": "planning-for-a-quiet-season",
        "title": "Planning for Your Quiet Season",
        "summary": (
            "How to prepare for the slow months so that a predictable dip in trade does not turn "
            "into a worrying one."
        ),
        "intro": """Almost every business has a quieter time of year. For some it is January,
for others the height of summer. The dip itself is rarely the problem; being unprepared for it
is. With a bit of planning, the quiet season can become the most productive part of your
year.""",
        "status": "scheduled",
        "days_ago": -10,
        "hero": {
            "colors": ["#457b9d", "#f1faee"],
            "alt": "Abstract steel blue and pale mint waves suggesting a calm sea",
        },
        "related": ["keeping-cash-flow-healthy", "one-page-business-plan"],
        "sections": [
            {
                "heading": "Spot the pattern in your year",
                "body": """Start by looking at your sales month by month for the last two or
three years. Most businesses find a clear pattern once they lay the figures side by side. Mark
the months that are consistently slow and note how much lower they are than your average.

If you have only been trading for a short time, talk to others in your industry or think about
what your customers do through the year. A garden designer will be quiet in winter, and an
accountant may be calm in late summer. Knowing your pattern lets you plan rather than
react.""",
            },
            {
                "heading": "Save during the busy months",
                "body": """The simplest protection against a quiet season is money put aside
while times are good. Once you know roughly how much lower your slow months are, work out how
much you need to set aside each busy month to cover the gap.

Move that amount into a separate account as soon as payments arrive, so that it does not
quietly get spent. It can also help to agree with suppliers and staff in advance how the quiet
months will work, whether that means smaller orders, holidays taken then or fewer hours for a
while.""",
            },
            {
                "heading": "Use the quiet time well",
                "body": """Slower weeks are a rare chance to work on the business rather than
in it. During the busy season, keep a list of all the jobs you never have time for, then tackle
them when things calm down. Good candidates include:

- updating your website and photographs
- reviewing prices and suppliers
- training staff or learning a new skill yourself
- contacting past customers with a seasonal offer

You might even find ways to smooth the dip, such as a winter service or an early-booking
discount, which bring in income when you would otherwise be waiting for the phone to ring.""",
            },
        ],
    },
    {
        "category": "strategy",
        "slug": "reviewing-your-competitors",
        "title": "Reviewing Your Competitors Without Obsessing",
        "summary": (
            "A calm, structured way to learn from your competitors and find the gaps where your "
            "business can stand out."
        ),
        "intro": """It is easy either to ignore your competitors completely or to spend hours
worrying about them. Neither helps. A short, regular review shows you what customers are being
offered elsewhere and where you can do something different, without letting rivals set your
agenda.""",
        "status": "published",
        "days_ago": 180,
        "hero": {
            "colors": ["#3d405b", "#81b29a"],
            "alt": (
                "Abstract slate and sage green columns of different heights standing side by side"
            ),
        },
        "related": ["pricing-for-profit", "choosing-a-niche"],
        "sections": [
            {
                "heading": "Make a short list",
                "body": """Choose no more than five competitors to review. Include the obvious
ones nearby, but also think about what else customers might do instead of using you. For a
local bakery, that might include the supermarket, a café down the road and people who bake at
home.

For each one, note a few basic facts: what they sell, who they seem to serve, roughly what they
charge and how customers find them. This should take an hour or two, not a week. You are
building a picture, not writing a report for investors.""",
            },
            {
                "heading": "Be a customer for a day",
                "body": """The most useful research is to experience a competitor as a customer
would. Visit the shop, book the service, sign up for the newsletter or call with a question.
Notice how quickly they respond, how they make you feel and what happens after you buy.

Read their online reviews, too, especially the middling ones. Three-star reviews are often the
most honest, because they describe what was fine and what was missing. Those gaps are where you
might do better. Be fair and professional throughout; the aim is to learn, not to catch anyone
out.""",
            },
            {
                "heading": "Compare on what customers value",
                "body": """It is tempting to compare on the things that matter to you, like
equipment or qualifications. Customers usually care about other things: speed, friendliness,
price, convenience or confidence that the job will be done properly.

Make a simple grid with your competitors along the top and four or five customer priorities
down the side. Give each a rough score, including yourself, and be honest. You may find that
everyone claims the same strengths while one need is poorly served by all of you. That gap is a
strong place to focus your effort.""",
            },
            {
                "heading": "Decide what to do differently",
                "body": """A review is only useful if it leads to action. Pick one or two
changes based on what you found. Perhaps you will answer enquiries within an hour when others
take a day, or publish clear prices when everyone else says 'call for a quote'.

Resist copying everything a competitor does well. Customers choose businesses that stand for
something, and chasing every rival leaves you looking like a slightly different version of
them. Repeat the review once or twice a year; that is enough to keep you informed without it
becoming a distraction.""",
            },
        ],
    },
    {
        "category": "strategy",
        "slug": "pricing-for-profit",
        "title": "Pricing for Profit, Not Just for Sales",
        "summary": (
            "How to set prices that cover your true costs, reflect your value and leave room for a "
            "fair profit."
        ),
        "intro": """Many small businesses charge too little. It often starts with a wish to win
the first few customers and then becomes a habit that is hard to break. Good pricing is not
about greed; it is about building a business that can survive, pay you properly and keep
serving customers well.""",
        "status": "published",
        "days_ago": 60,
        "hero": None,
        "related": ["reviewing-your-competitors", "writing-quotes-that-win"],
        "sections": [
            {
                "heading": "Work out your true costs",
                "body": """Before you can set a fair price, you need to know what each sale
really costs. Include the obvious direct costs, such as materials and travel, but also a share
of everything else: rent, insurance, software, vehicle costs and the time you spend on admin
that no customer pays for directly.

Do not forget your own wage. If your prices only work because you are paying yourself nothing,
the business is not yet covering its costs. Once you know your real hourly cost, you have a
floor below which you should rarely go.""",
            },
            {
                "heading": "Stop pricing from fear",
                "body": """Owners often set prices by looking at the cheapest competitor and
going slightly lower. This attracts customers who choose purely on price and who leave as soon
as someone cheaper appears.

Instead, think about the value you deliver. What does your work save or earn for the customer?
How much worry does it take away? A customer who hires a reliable electrician is paying for
peace of mind as well as wiring. When you understand that value, you can price with confidence
and explain your prices without apologising for them.""",
            },
            {
                "heading": "Raise prices without drama",
                "body": """Most customers expect prices to rise from time to time. The rise
itself rarely causes trouble; surprise does. Give existing customers notice, perhaps a month,
and explain briefly why, without a long justification.

Small, regular increases are easier for everyone than a big jump every few years. Some owners
review prices each January as a matter of routine. If you lose a handful of customers who were
only there because you were cheap, that is often a healthy change. The time you free up can go
to customers who value what you do.""",
            },
            {
                "heading": "Offer options, not discounts",
                "body": """When a customer hesitates over the price, the reflex is to knock
some money off. Discounts train customers to wait for a better deal, and they eat directly into
your profit.

A better approach is to offer a choice. A basic option, a standard option and a premium option
let the customer decide how much they want to spend, and many will pick the middle one. If
someone needs a lower price, remove something from the job rather than cutting the price of the
same work. That keeps your pricing honest and shows that your time has value.""",
            },
        ],
    },
    {
        "category": "sales",
        "slug": "writing-quotes-that-win",
        "title": "Writing Quotes That Win Work",
        "summary": (
            "How to write clear, confident quotes that answer the customer's real question and "
            "make it easy for them to say yes."
        ),
        "intro": """A quote is often the only thing a customer has to compare you with other
businesses. A vague or confusing one can lose you a job that you were well placed to win. A few
changes in how you write and send quotes can noticeably lift the number that turn into paid
work.""",
        "status": "published",
        "days_ago": 75,
        "hero": {
            "colors": ["#0b3954", "#ff6663"],
            "alt": "Abstract deep blue and coral shapes forming a stack of neat papers",
        },
        "related": ["following-up-without-pestering", "pricing-for-profit"],
        "sections": [
            {
                "heading": "Answer the question they actually asked",
                "body": """Before writing a quote, make sure you understand what the customer
is trying to achieve, not just what they asked for. Someone asking for a price to repaint an
office might really want the space to feel fresh before an important client visit next month.

Start the quote by restating their goal in their own words, along with any deadline they
mentioned. This shows that you listened, and it frames your price as the answer to their
problem rather than a bare number. Customers often choose the business that seemed to
understand them best, even when it is not the cheapest.""",
            },
            {
                "heading": "Spell out what is included",
                "body": """Misunderstandings about scope cause more disputes than almost
anything else. Set out clearly what the price covers and what it does not. For example:

- **Included:** preparing and painting all walls and ceilings, two coats, removing all waste
- **Not included:** woodwork, moving heavy furniture, repairs to damaged plaster
- **Assumptions:** the room will be empty and we can start at 8am

This protects both of you. The customer knows exactly what they are paying for, and you have a
fair basis for charging extra if the job changes.""",
            },
            {
                "heading": "Set an expiry date",
                "body": """Prices for materials change, and your diary fills up. Add a clear
line saying how long the quote is valid for, such as thirty days. This protects you from being
held to an old price and gives the customer a gentle reason to decide.

You can also mention your current availability, if it is true: 'We can start in the week of 14
April if you confirm by the end of this month.' This is not a pressure tactic; it is useful
information that helps the customer plan around your schedule.""",
            },
            {
                "heading": "Make saying yes simple",
                "body": """End every quote with the next step in one or two sentences. Tell the
customer exactly how to accept, whether by replying to the email, signing and returning a form
or paying a deposit through a link.

Send the quote quickly, ideally within a day or two of your visit, while the conversation is
fresh. A fast, tidy quote says a great deal about how you will handle the job itself. Finally,
put a reminder in your diary to follow up, because many customers mean to reply and simply
forget.""",
            },
        ],
    },
    {
        "category": "sales",
        "slug": "following-up-without-pestering",
        "title": "Following Up Without Pestering",
        "summary": (
            "How to follow up on quotes and enquiries in a way that is helpful, polite and far "
            "more likely to win the work."
        ),
        "intro": """Many sales are lost not because the customer said no, but because nobody
followed up. Customers get busy, forget or put the decision off. A well-timed, helpful
follow-up is a service to them, not a nuisance, as long as you do it with care.""",
        "status": "published",
        "days_ago": 27,
        "hero": None,
        "related": ["writing-quotes-that-win", "email-newsletter-basics"],
        "sections": [
            {
                "heading": "Agree the next step before you leave",
                "body": """The easiest follow-up is one the customer is expecting. At the end
of a meeting or call, ask when they expect to decide and whether it is all right to check in
then. Most people will happily give you a date.

Write it down straight away and put it in your diary. When you get in touch on that day, you
are simply doing what you both agreed. That makes the call feel natural for you and welcome for
them, rather than an awkward interruption. It also tells you early if the decision has been
delayed.""",
            },
            {
                "heading": "Add something useful each time",
                "body": """A message that only says 'just checking in' gives the customer
nothing and is easy to ignore. Each time you follow up, try to add something of value. It could
be an answer to a question they raised, a photo of a similar job, a useful article or news that
a date they wanted has become free.

This turns each contact into a small act of help rather than a reminder that they owe you an
answer. Customers who feel helped are more likely to reply, and even if they choose someone
else, they will remember you kindly.""",
            },
            {
                "heading": "Know when to stop",
                "body": """Persistence pays, but only up to a point. A sensible pattern is two
or three follow-ups spread over a few weeks, each a little further apart than the last. If
there is still no reply, send a short, friendly final message saying you will assume they have
gone in another direction and that you would be glad to help in future.

Surprisingly, this last message often brings a reply, because it gives the customer an easy way
to be honest. Either way, you can close the file and put your energy into customers who are
ready to go ahead.""",
            },
        ],
    },
    {
        "category": "sales",
        "slug": "handling-price-objections",
        "title": "Handling Price Objections With Confidence",
        "summary": (
            "What to say when a customer tells you your price is too high, without panicking or "
            "giving your profit away."
        ),
        "intro": """Hearing 'that's more than I expected' can make any owner's heart sink. But
a price objection is not always a no. Often it is a request for more information or
reassurance. Handled calmly, it can lead to a better conversation and a more committed
customer.""",
        "status": "draft",
        "days_ago": 0,
        "hero": None,
        "related": ["pricing-for-profit", "writing-quotes-that-win"],
        "sections": [
            {
                "heading": "Listen before you defend",
                "body": """When a customer questions your price, the instinct is to jump in
with reasons or a discount. Pause instead and ask a gentle question, such as 'What were you
expecting?' or 'What are you comparing it with?'.

The answer tells you what is really going on. They may have a fixed budget, a cheaper quote
that leaves out half the work, or simply a feeling that they ought to push back. Each of these
needs a different response, and you cannot choose the right one until you understand which
situation you are in.""",
            },
            {
                "heading": "Talk about value in their terms",
                "body": """Once you understand the objection, bring the conversation back to
what the customer wants to achieve. Remind them of the problem they described and explain how
your work solves it. Be specific about the parts that matter to them, such as a guarantee, a
faster finish date or the fact that you clear up properly afterwards.

If they are comparing you with a cheaper quote, help them compare like with like. Kindly point
out anything the other quote might leave out. Many customers have never been shown how to read
a quote and will appreciate the honesty.""",
            },
            {
                "heading": "Be willing to walk away",
                "body": """Not every customer is the right customer. If someone's budget simply
does not match the work, it is better to say so politely than to take the job at a loss. You
might offer a smaller version of the job that fits their budget, or suggest they come back when
the timing is better.

Owners who are prepared to walk away tend to hold firmer prices and attract customers who value
their work. It also protects your reputation, because rushed, underpriced jobs are far more
likely to go wrong and lead to the kind of complaints that cost much more than the sale was
worth.""",
            },
        ],
    },
    {
        "category": "service",
        "slug": "handling-customer-complaints",
        "title": "Handling Customer Complaints Well",
        "summary": (
            "A calm, step-by-step approach to customer complaints that fixes the problem and often "
            "strengthens the relationship."
        ),
        "intro": """No business gets everything right all the time. When a customer complains,
they are giving you a chance to put things right before they tell their friends or quietly take
their custom elsewhere. How you respond matters more than the original mistake.""",
        "status": "published",
        "days_ago": 130,
        "hero": {
            "colors": ["#8338ec", "#ffbe0b"],
            "alt": "Abstract violet and golden shapes moving back together after drifting apart",
        },
        "related": ["turning-mistakes-into-loyalty", "following-up-without-pestering"],
        "sections": [
            {
                "heading": "Thank them for telling you",
                "body": """It may not feel natural, but the best first response to a complaint
is thanks. Most unhappy customers never say anything; they simply do not come back. The ones
who speak up are giving you information you could not get any other way.

A simple 'Thank you for letting me know, I'm sorry this has happened' lowers the temperature
straight away. It shows that you are taking them seriously and that you are not about to argue.
Even if you suspect the complaint is unfair, starting with thanks keeps the conversation
calm.""",
            },
            {
                "heading": "Listen fully, then repeat it back",
                "body": """Let the customer explain the whole problem without interrupting,
even if you think you already know what went wrong. People who feel rushed tend to repeat
themselves and become more frustrated.

When they have finished, summarise what you heard: 'So the order arrived two days late, and one
item was damaged. Is that right?' This makes sure you have understood, and it shows the
customer that they have been heard. Often, feeling listened to settles half of the upset before
you have fixed anything at all.""",
            },
            {
                "heading": "Fix it and say when",
                "body": """Next, agree what will happen and by when. If you can solve the
problem on the spot, do so. If not, give a clear timescale and a name: 'I'll have a replacement
sent out by Thursday, and I'll ring you on Wednesday to confirm.'

Then keep that promise, even if it means calling to say there is a delay. A complaint handled
quickly and reliably can leave a customer more loyal than before, because they now know what
you do when something goes wrong. Broken promises at this stage, by contrast, tend to turn a
small problem into a lasting grudge.""",
                "image": {
                    "colors": ["#8338ec", "#3a86ff"],
                    "alt": "Abstract violet and bright blue lines merging into a single path",
                },
            },
            {
                "heading": "Learn from the pattern",
                "body": """Keep a simple log of every complaint: the date, what went wrong and
how it was resolved. It does not need special software; a notebook or spreadsheet is enough.

Every few months, read through it and look for patterns. If three customers in a row mention
late deliveries, the problem is probably your process rather than bad luck. Fixing the cause
prevents future complaints and saves time for everyone. Share what you learn with your team,
too, so that they see complaints as useful feedback rather than something to hide.""",
            },
        ],
    },
    {
        "category": "service",
        "slug": "turning-mistakes-into-loyalty",
        "title": "Service Recovery: Turning Mistakes Into Loyalty",
        "summary": (
            "Why the way you put things right after a mistake can make customers more loyal than "
            "if nothing had gone wrong."
        ),
        "intro": """Mistakes are unavoidable, even in the best-run businesses. What customers
remember is often not the mistake itself but what happened next. Good service recovery means
owning the problem, fixing it quickly and going a small step further, so that the customer
leaves feeling looked after.""",
        "status": "published",
        "days_ago": 400,
        "hero": None,
        "related": ["handling-customer-complaints"],
        "sections": [
            {
                "heading": "Why a good recovery matters so much",
                "body": """When something goes wrong, the customer suddenly pays close
attention to how your business behaves. A smooth, generous response confirms that they chose
well. A defensive or slow one confirms their worst fears.

This is why a customer whose problem was handled brilliantly can end up more loyal than one who
never had a problem at all. They have seen proof that you stand behind your work. That does not
mean you should welcome mistakes, but it does mean that each one is a chance to build trust
rather than simply lose it.""",
            },
            {
                "heading": "Own the mistake quickly",
                "body": """Speed matters. The longer a customer waits for a response, the more
their frustration grows. Aim to acknowledge any problem on the same day, even if you cannot
solve it yet.

Take responsibility in plain language. 'We got this wrong, and I'm sorry' is far more powerful
than a vague apology or an explanation that blames a supplier or a computer system. Customers
rarely care whose fault it was inside your business; they want to know that someone is taking
charge. You can explain the cause later, once the problem is on its way to being fixed.""",
            },
            {
                "heading": "Go one small step further",
                "body": """Fixing the problem restores things to where they should have been.
Going a little further is what turns a neutral experience into a positive one. The extra step
does not have to be expensive. It should simply show that you understand the inconvenience you
caused.

That might be free delivery on their next order, a handwritten note, an extra item or a call a
week later to check that everything is still fine. Match the gesture to the problem. A small
mistake deserves a small kindness, while a serious one may call for a refund as well as a
fix.""",
            },
            {
                "heading": "Give your team permission to fix things",
                "body": """Customers become frustrated when the person in front of them cannot
help and has to check with the boss. If you have staff, give them clear authority to put things
right up to an agreed limit, such as a refund or replacement up to a certain value, without
asking first.

Trusting your team in this way speeds up every recovery and shows customers that anyone in the
business can help them. Review what was offered from time to time, praise good judgement and
adjust the limits if needed. Most staff use this freedom sensibly, and they are often more
careful with your money than you expect.""",
            },
        ],
    },
    {
        "category": "networking",
        "slug": "getting-value-from-networking-events",
        "title": "Getting Real Value From Networking Events",
        "summary": (
            "How to choose the right events, have better conversations and follow up so that "
            "networking leads to real business."
        ),
        "intro": """Networking events can feel like a room full of strangers handing out
business cards. Yet many small businesses owe some of their best customers and suppliers to a
conversation at one. With a clear aim and good follow-up, an evening out can be well worth the
time.""",
        "status": "published",
        "days_ago": 250,
        "hero": {
            "colors": ["#e63946", "#a8dadc"],
            "alt": "Abstract red and pale aqua circles overlapping like people in conversation",
        },
        "related": ["local-networking-without-social-media", "following-up-without-pestering"],
        "sections": [
            {
                "heading": "Choose events with your customers in mind",
                "body": """Not all events are equal. A general business mixer might be full of
people selling to each other, while a trade association meeting or a chamber of commerce
breakfast could put you in the same room as the customers and partners you want to meet.

Before you sign up, ask who is likely to be there and whether they could buy from you, refer
you or help you in another way. Going regularly to one well-chosen event usually beats
attending lots of different ones, because people start to recognise and trust you.""",
            },
            {
                "heading": "Set a small, realistic goal",
                "body": """Walking into a busy room with no plan is daunting. Set yourself a
modest goal instead, such as having three proper conversations or meeting one specific person
you have heard about.

A small goal takes the pressure off. You do not need to work the whole room or hand a card to
everyone there. Once you have met your goal, you can relax, enjoy the rest of the evening or
head home. Many experienced networkers say their best connections came from a single long
conversation, not from dozens of brief ones.""",
            },
            {
                "heading": "Ask better questions",
                "body": """The easiest way to be remembered is to be genuinely interested in
other people. Skip the standard 'What do you do?' now and then and try questions that invite a
story: 'What brought you here tonight?', 'What's keeping you busy at the moment?' or 'What kind
of customer are you hoping to find?'.

Listen for ways you might help, such as an introduction, a recommendation or a useful tip. When
it is your turn, describe what you do in one plain sentence, focusing on who you help and how.
Leave the full sales pitch for another time.""",
            },
            {
                "heading": "Follow up within two days",
                "body": """Most of the value of an event is lost if you do nothing afterwards.
Within a couple of days, send a short message to each person you had a real conversation with.
Mention something specific you talked about so they remember you, and follow through on any
promise you made, such as an introduction or a link.

Do not turn the message into a sales pitch. The aim is to continue the relationship, perhaps
over a coffee. Keep brief notes on who you met and what you discussed, so that next time you
see them you can pick up where you left off.""",
            },
        ],
    },
    {
        "category": "networking",
        "slug": "local-networking-without-social-media",
        "title": "Building a Local Network Without Social Media",
        "summary": (
            "Practical ways to build strong local business relationships face to face, without "
            "relying on online networking sites."
        ),
        "intro": """Online networking sites are not for everyone, and for many local businesses
they are not where customers are found anyway. Some of the strongest business networks are
built the old-fashioned way: on the high street, at the school gate and in community halls.
Here is how to grow yours.""",
        "status": "published",
        "days_ago": 1,
        "hero": None,
        "related": ["getting-value-from-networking-events"],
        "sections": [
            {
                "heading": "Start with the businesses around you",
                "body": """Your nearest neighbours are often your most valuable contacts. The
café owner, the estate agent, the hairdresser and the hardware shop all talk to dozens of local
people every day. If they know and like you, they can send a steady stream of customers your
way.

Introduce yourself in person, buy from them when you can and take an interest in how their
business is going. Do not arrive with a sales pitch. Simply become a friendly, familiar face.
Over time, you will find that recommendations start to flow in both directions.""",
            },
            {
                "heading": "Join something that meets regularly",
                "body": """Relationships grow through repeated contact. Joining a group that
meets regularly, such as a local business association, a breakfast club, a charity committee or
even a sports team, gives you the chance to get to know people gradually.

Choose something you would enjoy even if it brought no business at all. You will turn up more
often, and people will see the real you rather than a salesperson. Many lasting business
relationships start with helping to organise a fun run or sharing a stall at the village fête,
not with an exchange of cards.""",
            },
            {
                "heading": "Be useful first",
                "body": """The quickest way to build a strong network is to help others before
you ask for anything. Pass on a customer who needs something you do not offer. Share a reliable
supplier. Put two people in touch who could work together.

These small favours cost you little and build real goodwill. People remember who helped them,
and most want to return the favour. Over the years, a reputation for being generous and well
connected becomes one of the most valuable assets a local business can have, and it is very
hard for a competitor to copy.""",
            },
            {
                "heading": "Keep a simple contact notebook",
                "body": """Without an online profile to remind you, it is worth keeping your
own record of the people you meet. A notebook, a card index or a simple spreadsheet will do.
Note their name, business, how you met and anything personal they mentioned, such as a new baby
or a holiday.

Look through it once a month and pick a few people to get in touch with, perhaps to pass on an
article, ask how something went or suggest a coffee. This small routine keeps relationships
warm and makes sure your network keeps growing rather than quietly fading.""",
            },
        ],
    },
]

# Promo boxes beside the articles (promos app). The e-book is a small generated PDF.
PROMOS = [
    {
        "heading": "How to Network Effectively?",
        "body": (
            "Our free e-book **Business Networking Techniques that Work!** shows how to meet "
            "the right people close to home, and how to keep in touch without feeling pushy."
        ),
        "download_title": "the Business Networking e-book (PDF)",
        "download_name": "business-networking-techniques.pdf",
        "ebook_title": "Business Networking Techniques that Work!",
        "ebook_lines": [
            "1. Go where your customers already are.",
            "2. Be useful first: pass on work and introductions.",
            "3. Keep a simple contact notebook and use it monthly.",
        ],
        "placement": "site",
        "position": 20,
    },
    {
        "heading": "Plan your next quarter",
        "body": (
            "A one-page plan beats a thick binder nobody reads. Read our step-by-step guide to "
            "writing one in an afternoon."
        ),
        "cta_label": "Read the planning guide",
        "cta_url": "/planning/",
        "placement": "categories",
        "categories": ["planning", "strategy"],
        "position": 10,
    },
]
