"""Search relevance: questions as teachers type them, over a fixture trust, in Chromium.

The fixture is a copy of the project whose items (practice, research, policies) are replaced
by the ones below: realistic titles, summaries and bodies across phases, subjects, themes and
pupil groups, with near misses for each question (the same theme in another phase, the same
words in another sense) and the project's own ordinary pages (About, How to contribute...),
which mention every field an item can have. The taxonomy is the project's, with `broader`
links from the key stages to their phase when the schema has them (Primary phase -> EYFS,
Key stage 1 and 2; Secondary phase -> Key stage 3 and 4).

Each query is typed into the Explore page's search box, as a visitor would, and its expected
item must be among the first three results. The share met is printed with the quality gates
at the end of the run ("search relevance"); the target is every query.
"""

from __future__ import annotations

import functools
import http.server
import re
import threading
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml

from openpractice.models import Term

from ..support import Build, build, copy_project
from .conftest import DESKTOP, GateResult

pytestmark = [pytest.mark.browser, pytest.mark.build]

TOP = 3
APP = "[data-op-explore]"


# ---------- the fixture trust ----------

def _authors(*names: str) -> list[dict[str, str]]:
    return [{"name": n.split(",")[0].strip(), "role": n.split(",")[1].strip()} for n in names]


def practice(item_id: str, title: str, summary: str, body: str, *, schools: list[str],
             phases: list[str], subjects: list[str], themes: list[str],
             groups: list[str] | None = None, stage: str = "embedded",
             evidence: list[str] | None = None, day: str = "2025-03-10") -> tuple[str, dict[str, Any], str]:
    meta: dict[str, Any] = {
        "title": title, "summary": summary, "date": date.fromisoformat(day),
        "authors": _authors("Sam Okafor, Class teacher"), "schools": schools, "phases": phases,
        "subjects": subjects, "themes": themes, "pupil_groups": groups or [], "stage": stage,
        "evidence": evidence or [],
    }
    return f"practice/{item_id}.md", meta, body


def research(item_id: str, title: str, summary: str, body: str, *, phases: list[str],
             subjects: list[str], themes: list[str], source: str, strength: int,
             strand: str | None = None, year: int = 2021,
             day: str = "2025-02-03") -> tuple[str, dict[str, Any], str]:
    meta: dict[str, Any] = {
        "title": title, "summary": summary, "date": date.fromisoformat(day),
        "authors": _authors("Hannah Clarke, Research lead"), "schools": ["brookside-primary"],
        "phases": phases, "subjects": subjects, "themes": themes,
        "source": {"title": source, "authors": ["Education Endowment Foundation"], "year": year,
                   "publisher": "Education Endowment Foundation"},
        "evidence_strength": strength, "reviewed_by": "Ms A. Patel, Research Champion",
        "reviewed_on": date(2026, 5, 11),
    }
    if strand:
        meta["eef_strand"] = strand
    return f"research/{item_id}.md", meta, body


def policy(item_id: str, title: str, summary: str, body: str, *, phases: list[str],
           themes: list[str], statutory: bool, approved_by: str,
           applies_to: str | list[str] = "trust", subjects: list[str] | None = None,
           owner: str = "Chief executive officer") -> tuple[str, dict[str, Any], str]:
    meta: dict[str, Any] = {
        "title": title, "summary": summary, "date": date(2025, 9, 1), "phases": phases,
        "subjects": subjects or ["whole-school"], "themes": themes, "version": "2.0",
        "owner": owner, "approved_by": approved_by, "approved_on": date(2026, 9, 15),
        "review_cycle_months": 12, "statutory": statutory, "applies_to": applies_to,
    }
    return f"policies/{item_id}.md", meta, body


ITEMS = [
    # ----- practice -----
    practice(
        "reciprocal-reading-year-5", "Reciprocal reading groups in Year 5",
        "Small reading groups where pupils take turns to predict, question, clarify and "
        "summarise, aimed at closing the comprehension gap for disadvantaged readers.",
        "## Context\n\nMost of our Year 5 pupils decoded fluently but could not explain what "
        "they had read. The gap was widest for pupils eligible for the pupil premium.\n\n"
        "## What we did\n\nFour times a week, groups of four shared a short text. Each pupil "
        "held a role card: predictor, questioner, clarifier or summariser. The teacher modelled "
        "each role first and the teaching assistant led one group.\n\n## What happened\n\n"
        "Standardised reading scores for the disadvantaged pupils rose by six points over two "
        "terms, twice the rise of their classmates. We are extending it to Year 4.",
        schools=["brookside-primary"], phases=["ks2"], subjects=["english"],
        themes=["reading", "disadvantage", "metacognition"], groups=["disadvantaged"],
        stage="evaluated", evidence=["reading-comprehension-strategies"]),
    practice(
        "phonics-catch-up-year-1", "Daily phonics catch-up sessions in Year 1",
        "Ten-minute same-day catch-up sessions for pupils who did not secure the day's sound, "
        "so that no one falls behind before the phonics screening check.",
        "## What we did\n\nAfter each whole-class phonics lesson, the teacher notes pupils who "
        "could not yet read or write the new grapheme. A trained teaching assistant takes them "
        "for ten minutes that afternoon, using the same mnemonics and decodable words.\n\n"
        "## What happened\n\nFar fewer pupils needed a longer intervention in the spring, and "
        "pass rates in the screening check rose, most of all for pupils with SEND.",
        schools=["willow-lane-primary"], phases=["ks1"], subjects=["english"],
        themes=["reading"], groups=["disadvantaged", "send"], stage="embedded",
        evidence=["phonics"]),
    practice(
        "reading-for-pleasure-tutor-time", "Reading for pleasure in tutor time",
        "Twenty minutes of shared class novels in tutor time for Years 7 to 9, with tutors "
        "reading aloud, to rebuild the habit of reading books for enjoyment.",
        "## Why\n\nA survey showed that most of our Year 8 pupils had not finished a book "
        "outside school in months. Reading for enjoyment falls away sharply in secondary "
        "school.\n\n## What we did\n\nEvery tutor group reads a class novel three mornings a "
        "week. Tutors read aloud, with no worksheets and no questions to answer. The library "
        "chose the novels with pupils.\n\n## Early signs\n\nLibrary loans have doubled.",
        schools=["oakfield-academy"], phases=["ks3"], subjects=["english"], themes=["reading"],
        stage="piloting"),
    practice(
        "tier-2-vocabulary-year-8-science", "Teaching tier 2 vocabulary in Year 8 science",
        "Explicit teaching of the academic words that science questions use, such as "
        "'describe', 'evaluate' and 'proportion', with pupils who speak English as an "
        "additional language in mind.",
        "## Context\n\nPupils knew the science but lost marks because they misread words like "
        "'justify' and 'significant'.\n\n## What we did\n\nEach science unit now lists ten "
        "tier 2 words. Teachers introduce them with a student-friendly definition, examples "
        "and non-examples, and pupils use them in spoken answers before writing them.",
        schools=["castle-hill-high"], phases=["ks3"], subjects=["science"],
        themes=["vocabulary"], groups=["eal"], stage="embedded"),
    practice(
        "same-day-maths-intervention-year-4", "Same-day maths intervention in Year 4",
        "Pupils who struggle in the morning maths lesson get fifteen minutes with an adult the "
        "same afternoon, so gaps are closed before the next lesson. Aimed at pupils eligible "
        "for the pupil premium.",
        "## What we did\n\nDuring the lesson the teacher marks work live and lists pupils who "
        "need more time on the concept. A teaching assistant revisits it with concrete "
        "resources and pictorial representations.\n\n## What happened\n\nDisadvantaged pupils "
        "made more progress in the end-of-year number assessment than in previous years.",
        schools=["brookside-primary"], phases=["ks2"], subjects=["maths"],
        themes=["numeracy", "disadvantage"], groups=["disadvantaged"], stage="embedded",
        evidence=["teaching-assistant-interventions"]),
    practice(
        "times-tables-year-4", "Times tables fluency in Year 4",
        "Five minutes a day of low-stakes times tables practice, with each pupil tracking "
        "their own facts, ahead of the multiplication tables check.",
        "## What we did\n\nEach day starts with a short multiplication quiz. Pupils mark their "
        "own answers and colour in the facts they know on a grid. Facts they miss come back "
        "the next week.\n\n## What happened\n\nRecall improved across the year group, and "
        "pupils said the quizzes felt less stressful than tests.",
        schools=["willow-lane-primary"], phases=["ks2"], subjects=["maths"],
        themes=["numeracy", "retrieval-practice"], stage="embedded"),
    practice(
        "retrieval-quizzes-year-8-french", "Retrieval quizzes in Year 8 French",
        "Every French lesson starts with a five-question quiz on vocabulary and grammar from "
        "earlier units, so that words learned in September are still there in June.",
        "## What we did\n\nQuestions mix last lesson, last month and last term. Pupils answer "
        "from memory, then check and correct in green pen. No marks are recorded.\n\n"
        "## What we noticed\n\nPupils remembered more vocabulary in the end-of-year speaking "
        "assessment, and the quizzes built confidence in the modern foreign languages "
        "department.",
        schools=["oakfield-academy"], phases=["ks3"], subjects=["languages"],
        themes=["retrieval-practice"], stage="embedded", day="2025-05-12"),
    practice(
        "whole-class-feedback-gcse-english", "Whole-class feedback for GCSE English essays",
        "Instead of writing comments on every essay, teachers read the set, note common "
        "strengths and errors, and give feedback to the whole class in the next lesson.",
        "## What we did\n\nTeachers read Year 10 and 11 literature essays with a single "
        "feedback sheet beside them. The next lesson opens with the three most common "
        "problems, a model paragraph and time for pupils to redraft.\n\n## What happened\n\n"
        "Marking time fell by half and redrafted essays were stronger.",
        schools=["castle-hill-high"], phases=["ks4"], subjects=["english"],
        themes=["feedback", "writing"], stage="embedded", evidence=["feedback"]),
    practice(
        "verbal-feedback-year-2-writing", "Live verbal feedback in Year 2 writing",
        "Teachers move round the class during writing lessons and give short spoken feedback "
        "at the point of writing, instead of written marking afterwards.",
        "## What we did\n\nDuring independent writing the teacher and teaching assistant "
        "conference briefly with pupils, pointing to one thing to fix now. Pupils edit "
        "straight away with a purple pencil.\n\n## What happened\n\nYoung writers corrected "
        "more of their own errors and teachers spent less time marking books.",
        schools=["willow-lane-primary"], phases=["ks1"], subjects=["english"],
        themes=["feedback", "writing"], stage="piloting", evidence=["feedback"]),
    practice(
        "emotionally-based-school-avoidance", "Supporting pupils with emotionally based school avoidance",
        "A graduated return plan, a key adult and a quiet base for pupils whose anxiety keeps "
        "them out of school, sometimes called school refusal.",
        "## Context\n\nA growing number of pupils were missing weeks of school because of "
        "anxiety. Sanctions for absence made things worse.\n\n## What we did\n\nEach pupil "
        "has a key adult, a plan agreed with the family and a quiet base to start the day. "
        "The plan adds lessons step by step.\n\n## What happened\n\nMost pupils on a plan "
        "returned to a full timetable within a term.",
        schools=["oakfield-academy"], phases=["ks3", "ks4"], subjects=["whole-school"],
        themes=["attendance", "wellbeing", "send"], groups=["send"], stage="piloting"),
    practice(
        "first-day-calls-attendance", "First-day calls and home visits to improve attendance",
        "Calling families on the first morning of an absence, and visiting when a pupil is "
        "missing for three days, raised attendance in our primary school.",
        "## What we did\n\nThe attendance officer calls home before ten o'clock on the first "
        "day of any unexplained absence. After three days the family support worker visits. "
        "The tone is always offering help first.\n\n## What happened\n\nPersistent absence "
        "fell by a third over the year, and most for disadvantaged pupils.",
        schools=["brookside-primary"], phases=["ks1", "ks2"], subjects=["whole-school"],
        themes=["attendance", "parental-engagement", "disadvantage"], groups=["disadvantaged"],
        stage="evaluated", evidence=["attendance-interventions"]),
    practice(
        "classroom-routines-year-7", "Consistent classroom routines for calm lessons in Year 7",
        "Every teacher uses the same entry, silent start and exit routines with Year 7, "
        "taught explicitly in the first week, so that lessons begin calmly.",
        "## What we did\n\nWe agreed five routines for every classroom and rehearsed them with "
        "Year 7 during their first week. Teachers narrate the positive and keep sanctions "
        "consistent.\n\n## What happened\n\nLow-level disruption logged by staff fell, and "
        "pupils said lessons felt calmer and fairer.",
        schools=["castle-hill-high"], phases=["ks3"], subjects=["whole-school"],
        themes=["behaviour"], stage="embedded", evidence=["behaviour-interventions"]),
    practice(
        "restorative-conversations-playground", "Restorative conversations after playground incidents",
        "Short structured conversations, led by trained midday supervisors, repair harm after "
        "playground fallouts in Key stage 2 instead of simply removing playtime.",
        "## What we did\n\nMidday supervisors learned five restorative questions: what "
        "happened, what were you thinking, who has been affected, what do you need, and what "
        "happens next. Pupils meet for five minutes before afternoon lessons.\n\n"
        "## What happened\n\nRepeat incidents fell and fewer disputes spilled into lessons.",
        schools=["willow-lane-primary"], phases=["ks2"], subjects=["pshe"],
        themes=["behaviour", "wellbeing"], stage="piloting"),
    practice(
        "communication-passports", "Communication passports for pupils with complex needs",
        "A one-page passport that tells any adult how a pupil communicates, what helps and "
        "what upsets them, used across our special school and on visits.",
        "## Context\n\nMany of our pupils use symbols, signing or devices. Supply staff and "
        "visitors often misread them.\n\n## What we did\n\nEach passport is written with the "
        "pupil, family and speech and language therapist, and travels with the pupil.\n\n"
        "## What happened\n\nFewer incidents happened with unfamiliar adults.",
        schools=["the-orchard-school"], phases=["special"], subjects=["whole-school"],
        themes=["send", "oracy"], groups=["send"], stage="embedded"),
    practice(
        "adaptive-teaching-year-3", "Adaptive teaching for pupils with SEND in Year 3",
        "Scaffolds, pre-teaching and flexible grouping so that pupils on SEN support learn in "
        "the mainstream classroom alongside their peers instead of being withdrawn.",
        "## What we did\n\nTeachers plan one lesson for everyone, then add scaffolds: word "
        "banks, worked examples and chunked instructions. Pupils on SEN support are pre-taught "
        "key vocabulary the day before.\n\n## What happened\n\nPupils with SEND spent more time "
        "in class and their work improved.",
        schools=["northgate-all-through"], phases=["ks2"], subjects=["whole-school"],
        themes=["send", "inclusion"], groups=["send"], stage="embedded",
        evidence=["teaching-assistant-interventions"]),
    practice(
        "welcoming-new-arrivals-eal", "Welcoming new arrivals with EAL in Year 9",
        "A two-week induction for pupils new to English: a buddy, a visual timetable, survival "
        "vocabulary and a first-language assessment, then full lessons with support.",
        "## What we did\n\nNew arrivals spend mornings in lessons with a buddy who shares their "
        "language where possible, and afternoons learning survival vocabulary. We assess their "
        "literacy in their first language.\n\n## What happened\n\nPupils settled faster and "
        "teachers knew more about what they could already do.",
        schools=["oakfield-academy"], phases=["ks3"], subjects=["english"],
        themes=["inclusion", "oracy", "vocabulary"], groups=["eal"], stage="embedded"),
    practice(
        "talk-partners-reception", "Talk partners in Reception",
        "Pairs of children talk about a picture, a story or a question for two minutes at a "
        "time, with sentence stems, to build early language.",
        "## What we did\n\nIn every input session children turn to a talk partner. Adults "
        "model a sentence stem and listen in. Partners change every week.\n\n## What happened\n\n"
        "Children spoke in longer sentences by the summer, and the early language gap narrowed "
        "for children from disadvantaged homes.",
        schools=["willow-lane-primary"], phases=["eyfs"], subjects=["english"], themes=["oracy"],
        groups=["disadvantaged"], stage="embedded", evidence=["oral-language-interventions"]),
    practice(
        "instructional-coaching-ects", "Instructional coaching for early career teachers",
        "Fortnightly coaching cycles for new teachers: one precise action step, a rehearsal "
        "and a short follow-up observation.",
        "## What we did\n\nEach early career teacher has a coach. Every fortnight they agree one "
        "action step, rehearse it together and the coach drops into a lesson to see it.\n\n"
        "## What happened\n\nNew teachers said the coaching felt practical. Their mentors found "
        "progress easier to see.",
        schools=["castle-hill-high"], phases=["secondary"], subjects=["whole-school"],
        themes=["cpd-and-coaching"], stage="embedded", evidence=["instructional-coaching"]),
    practice(
        "reading-workshops-for-parents", "Reading workshops for parents in Key stage 1",
        "Half-termly workshops that show parents and carers how we teach phonics and how to "
        "share a book at home, with a lending library of decodable books.",
        "## What we did\n\nParents join a phonics lesson, then practise reading with their "
        "child with a teacher's help. Books go home the same day.\n\n## What happened\n\n"
        "More families read at home, including many who had never come into school before.",
        schools=["brookside-primary"], phases=["ks1"], subjects=["english"],
        themes=["parental-engagement", "reading"], groups=["disadvantaged"], stage="piloting",
        evidence=["parental-engagement"]),
    practice(
        "transition-days-vulnerable-pupils", "Extra transition days for vulnerable pupils moving to Year 7",
        "Three extra visits to secondary school in the summer term for Year 6 pupils with SEND, "
        "looked-after children and anxious pupils, with a named adult for September.",
        "## What we did\n\nPupils visit their new school three times, meet their named adult, "
        "walk their timetable and eat lunch in the canteen. Primary teachers pass on what "
        "helps each pupil.\n\n## What happened\n\nFewer pupils struggled in the first term of "
        "Year 7.",
        schools=["northgate-all-through"], phases=["ks2", "ks3"], subjects=["whole-school"],
        themes=["transition", "wellbeing"], groups=["send", "looked-after"], stage="embedded"),
    practice(
        "homework-club-year-7", "After-school homework club in Year 7",
        "A quiet room with computers and a teacher three afternoons a week, for pupils who "
        "have nowhere to do homework at home.",
        "## What we did\n\nThe club runs in the library until half past four, with snacks. "
        "Tutors invite pupils eligible for the pupil premium first.\n\n## What happened\n\n"
        "Homework completion rose for the pupils who came regularly.",
        schools=["oakfield-academy"], phases=["ks3"], subjects=["whole-school"],
        themes=["disadvantage"], groups=["disadvantaged"], stage="embedded",
        evidence=["homework"]),
    practice(
        "plan-monitor-evaluate-history-essays", "Plan, monitor, evaluate in A level history essays",
        "Sixth form historians use an explicit plan-monitor-evaluate routine for essay writing, "
        "so that they manage their own arguments under timed conditions.",
        "## What we did\n\nStudents plan an argument in five minutes, check it against the "
        "question halfway through, and evaluate it against the mark scheme at the end. "
        "Teachers model the routine aloud.\n\n## What happened\n\nEssays stayed on the question "
        "and the most able wrote more sustained arguments.",
        schools=["oakfield-academy"], phases=["post-16"], subjects=["history"],
        themes=["metacognition", "writing"], groups=["more-able"], stage="evaluated",
        evidence=["metacognition-and-self-regulation"]),
    practice(
        "young-carers-lunch-group", "A lunchtime group for young carers",
        "A weekly lunchtime group where young carers meet, get help with homework deadlines "
        "and have a named member of staff who understands their caring responsibilities.",
        "## What we did\n\nWe identified young carers through a confidential form. The group "
        "meets on Thursdays; a local carers' charity visits each half term.\n\n"
        "## What happened\n\nPupils said they felt less alone.",
        schools=["castle-hill-high"], phases=["ks3", "ks4"], subjects=["pshe"],
        themes=["wellbeing"], groups=["young-carers"], stage="idea"),
    practice(
        "personal-education-plans", "Personal education plans that pupils help write",
        "Looked-after and previously looked-after children write part of their own personal "
        "education plan, with the designated teacher, so that targets mean something to them.",
        "## What we did\n\nBefore each review the designated teacher meets the pupil to draft "
        "the 'my views' section and one target in their own words.\n\n## What happened\n\n"
        "Pupils took part in their reviews and social workers said the plans were more useful.",
        schools=["northgate-all-through"], phases=["all-through"], subjects=["whole-school"],
        themes=["inclusion"], groups=["looked-after"], stage="embedded"),
    practice(
        "employer-encounters-year-10", "Employer encounters in Year 10",
        "Every Year 10 pupil meets at least three employers through workplace visits and "
        "mock interviews, with disadvantaged students first in line.",
        "## What we did\n\nLocal employers run mock interviews and host workplace visits. The "
        "careers lead makes sure students eligible for the pupil premium take part first.\n\n"
        "## What happened\n\nMore students applied for apprenticeships.",
        schools=["castle-hill-high"], phases=["ks4"], subjects=["whole-school"],
        themes=["careers"], groups=["disadvantaged"], stage="embedded"),
    practice(
        "growing-food-school-grounds", "Growing food in the school grounds",
        "Each class in Key stage 2 looks after a raised bed, grows vegetables from seed and "
        "cooks what it harvests, linking science and geography outdoors.",
        "## What we did\n\nClasses plan, plant and harvest a bed through the year, recording "
        "growth in science lessons. Parents and a community allotment group help.\n\n"
        "## What happened\n\nChildren tried vegetables they had never eaten.",
        schools=["brookside-primary"], phases=["ks2"], subjects=["science", "geography"],
        themes=["sustainability", "community-and-civic"], stage="embedded"),
    practice(
        "stretch-tasks-high-attainers-maths", "Stretch tasks for high attainers in Year 9 maths",
        "Deeper problems instead of more of the same questions, so that high attaining pupils "
        "are challenged in mixed-attainment maths lessons.",
        "## What we did\n\nEach lesson has a 'go deeper' problem that needs the same idea in an "
        "unfamiliar setting. Teachers explain why, not just how.\n\n## What happened\n\n"
        "The most able pupils were more engaged.",
        schools=["castle-hill-high"], phases=["ks3"], subjects=["maths"], themes=["curriculum"],
        groups=["more-able"], stage="piloting"),
    practice(
        "online-self-quizzing-gcse-science", "Online self-quizzing for GCSE science revision",
        "Pupils use a free online quizzing platform for ten minutes a night before their "
        "science exams, with questions spaced across the whole course.",
        "## What we did\n\nTeachers set weekly quizzes on the platform covering topics from "
        "Year 9 onwards. Pupils see which questions they got wrong and retry them.\n\n"
        "## What happened\n\nPupils who quizzed regularly did better in the mock exams.",
        schools=["oakfield-academy"], phases=["ks4"], subjects=["science"],
        themes=["digital-technology", "retrieval-practice"], stage="embedded"),
    practice(
        "sentence-combining-year-3", "Sentence combining to improve writing in Year 3",
        "Short daily sentence combining practice, joining simple sentences with conjunctions "
        "and clauses, to improve the quality of pupils' written sentences.",
        "## What we did\n\nEach English lesson starts with two or three short sentences for "
        "pupils to combine in different ways, discussed aloud before they write.\n\n"
        "## What happened\n\nPupils' independent writing used more varied sentences.",
        schools=["willow-lane-primary"], phases=["ks2"], subjects=["english"],
        themes=["writing"], groups=["disadvantaged"], stage="piloting"),
    # ----- research -----
    research(
        "reading-comprehension-strategies", "Reading comprehension strategies",
        "Teaching pupils how to make sense of what they read, by predicting, questioning, "
        "clarifying and summarising, has a high average impact in the EEF Toolkit.",
        "## What the evidence says\n\nComprehension strategies are taught explicitly and "
        "practised in small groups. The Toolkit reports about six months' additional progress. "
        "\n\n## What it means for us\n\nStrategies work best when texts are challenging enough "
        "and when teachers model the thinking.",
        phases=["ks2", "ks3"], subjects=["english"], themes=["reading"],
        source="Teaching and Learning Toolkit: Reading comprehension strategies", strength=4,
        strand="reading-comprehension-strategies"),
    research(
        "phonics", "Phonics",
        "Systematic phonics has a strong evidence base as a way of teaching pupils to read, "
        "especially in the early years and Key stage 1.",
        "## What the evidence says\n\nPhonics approaches add about five months' progress on "
        "average and are most effective for younger pupils learning to decode.\n\n## What it "
        "means for us\n\nKeep phonics teaching systematic and spot pupils falling behind early.",
        phases=["eyfs", "ks1"], subjects=["english"], themes=["reading"],
        source="Teaching and Learning Toolkit: Phonics", strength=4, strand="phonics"),
    research(
        "feedback", "Feedback",
        "High-quality feedback, written or verbal, has a high average impact on attainment, "
        "but its effects vary widely depending on how it is given.",
        "## What the evidence says\n\nFeedback should focus on the task and how to improve, "
        "be timely, and give pupils time to act on it. Written marking is not necessarily "
        "better than verbal feedback.\n\n## What it means for us\n\nFewer, better comments.",
        phases=["primary", "secondary"], subjects=["whole-school"], themes=["feedback"],
        source="Teaching and Learning Toolkit: Feedback", strength=3, strand="feedback"),
    research(
        "metacognition-and-self-regulation", "Metacognition and self-regulation",
        "Teaching pupils to plan, monitor and evaluate their own learning has a very high "
        "average impact, with strong evidence across phases and subjects.",
        "## What the evidence says\n\nExplicit teaching of metacognitive strategies, modelled "
        "by the teacher, adds about seven months' progress.\n\n## What it means for us\n\n"
        "Teach strategies within subjects, not in separate study-skills lessons.",
        phases=["primary", "secondary"], subjects=["whole-school"], themes=["metacognition"],
        source="Teaching and Learning Toolkit: Metacognition and self-regulation", strength=4,
        strand="metacognition-and-self-regulation"),
    research(
        "homework", "Homework",
        "Homework has a positive average impact, larger in secondary than in primary schools, "
        "when it is linked to classroom learning and pupils get feedback on it.",
        "## What the evidence says\n\nThe Toolkit finds about five months' additional progress "
        "in secondary schools and three months in primary. Quality matters more than "
        "quantity.\n\n## What it means for us\n\nMake homework short, purposeful and checked, "
        "and make sure disadvantaged pupils have somewhere to do it.",
        phases=["ks3", "ks4"], subjects=["whole-school"], themes=["disadvantage"],
        source="Teaching and Learning Toolkit: Homework", strength=3, strand="homework"),
    research(
        "parental-engagement", "Parental engagement",
        "Supporting parents to help their children learn at home has a moderate average "
        "impact; the evidence is strongest for specific, structured activities such as shared "
        "reading.",
        "## What the evidence says\n\nParental engagement approaches add about four months' "
        "progress. General communication has less effect than practical strategies.\n\n"
        "## What it means for us\n\nOffer families specific ideas, not just information.",
        phases=["primary", "secondary"], subjects=["whole-school"],
        themes=["parental-engagement"], source="Teaching and Learning Toolkit: Parental engagement",
        strength=3, strand="parental-engagement"),
    research(
        "teaching-assistant-interventions", "Teaching assistant interventions",
        "Teaching assistants delivering structured interventions to small groups can add "
        "several months' progress; deployed as an informal extra pair of hands, they often do "
        "not.",
        "## What the evidence says\n\nThe impact depends on training, structure and links to "
        "classroom teaching.\n\n## What it means for us\n\nTrain TAs in a few well-evidenced "
        "programmes, and protect their time to deliver them.",
        phases=["primary", "secondary"], subjects=["whole-school"], themes=["send", "inclusion"],
        source="Teaching and Learning Toolkit: Teaching assistant interventions", strength=3,
        strand="teaching-assistant-interventions"),
    research(
        "oral-language-interventions", "Oral language interventions",
        "Approaches that develop pupils' spoken language and vocabulary have a high average "
        "impact, particularly for younger children.",
        "## What the evidence says\n\nStructured talk, reading aloud with discussion and "
        "explicit vocabulary work add about six months' progress.\n\n## What it means for us\n\n"
        "Plan talk as carefully as writing.",
        phases=["eyfs", "ks1"], subjects=["english"], themes=["oracy", "vocabulary"],
        source="Teaching and Learning Toolkit: Oral language interventions", strength=4,
        strand="oral-language-interventions"),
    research(
        "attendance-interventions", "Attendance interventions: what the evidence says",
        "A review of approaches to improving school attendance found promise in responsive "
        "targeted approaches and parental communication, but few strong studies.",
        "## What the evidence says\n\nThe rapid evidence assessment found that targeted "
        "parental engagement, such as personalised letters and texts, can reduce absence. "
        "Evidence on incentives and mentoring is weak.\n\n## What it means for us\n\nWork with "
        "families early and track persistent absence.",
        phases=["primary", "secondary"], subjects=["whole-school"],
        themes=["attendance", "parental-engagement"],
        source="Attendance interventions: rapid evidence assessment", strength=2, year=2022),
    research(
        "behaviour-interventions", "Behaviour interventions",
        "Approaches that improve behaviour, from whole-school systems to targeted programmes, "
        "have a moderate average impact on attainment.",
        "## What the evidence says\n\nTargeted interventions for pupils with the greatest needs "
        "have larger effects than universal approaches.\n\n## What it means for us\n\n"
        "Consistency matters as much as any programme.",
        phases=["primary", "secondary"], subjects=["whole-school"], themes=["behaviour"],
        source="Teaching and Learning Toolkit: Behaviour interventions", strength=3,
        strand="behaviour-interventions"),
    research(
        "retrieval-practice", "Retrieval practice and spacing",
        "Evidence from cognitive science, and a growing number of classroom studies, supports "
        "low-stakes retrieval practice spaced over time to help pupils remember.",
        "## What the evidence says\n\nThe review found promising but mixed classroom evidence: "
        "effects depend on the quality of questions and feedback.\n\n## What it means for us\n\n"
        "Keep quizzes low stakes and revisit earlier content.",
        phases=["primary", "secondary"], subjects=["whole-school"],
        themes=["retrieval-practice"], source="Cognitive science approaches in the classroom",
        strength=3),
    research(
        "instructional-coaching", "Instructional coaching: what the research says",
        "Instructional coaching, with specific action steps and deliberate practice, is one of "
        "the best-evidenced forms of professional development for teachers.",
        "## What the evidence says\n\nMeta-analyses find positive effects on teaching and on "
        "pupil attainment, larger in small programmes.\n\n## What it means for us\n\nTrain "
        "coaches well and keep steps small.",
        phases=["primary", "secondary"], subjects=["whole-school"], themes=["cpd-and-coaching"],
        source="Effective professional development: guidance report", strength=3),
    # ----- policies -----
    policy(
        "behaviour-and-relationships-primary", "Behaviour and relationships policy (primary academies)",
        "How our primary academies promote good behaviour, respond to poor behaviour and "
        "support pupils who find it hard, including the use of rewards and sanctions.",
        "## Purpose\n\nEvery academy must have a behaviour policy. This one sets out our "
        "shared expectations, rewards, consequences and support.\n\n## Suspensions\n\n"
        "Suspension is a last resort.",
        phases=["primary"], themes=["behaviour"], statutory=True,
        approved_by="local-governing-board",
        applies_to=["brookside-primary", "willow-lane-primary"], owner="Headteacher"),
    policy(
        "attendance-policy", "Attendance policy",
        "Our expectations for attendance and punctuality, how we record absence, and how we "
        "work with families when a pupil's attendance falls.",
        "## Expectations\n\nPupils should attend every day. Parents must tell the school on the "
        "first morning of an absence.\n\n## Support\n\nWe work with families before any legal "
        "action, including for emotionally based school avoidance.",
        phases=["primary", "secondary"], themes=["attendance"], statutory=True,
        approved_by="trust-board"),
    policy(
        "send-policy", "Special educational needs and disabilities (SEND) policy",
        "How we identify special educational needs, plan support through the graduated "
        "approach and work with families and the local authority.",
        "## Identification\n\nTeachers raise concerns with the SENCO, who assesses needs with "
        "the family.\n\n## Support\n\nMost needs are met through quality first teaching and "
        "SEN support; some pupils have an education, health and care plan.",
        phases=["primary", "secondary", "special"], themes=["send", "inclusion"], statutory=True,
        approved_by="trust-board"),
    policy(
        "safeguarding-and-child-protection", "Safeguarding and child protection policy",
        "How every adult in our schools keeps children safe, recognises signs of abuse and "
        "neglect, and reports concerns to the designated safeguarding lead.",
        "## Responsibilities\n\nEveryone shares responsibility for safeguarding. Concerns go "
        "to the designated safeguarding lead the same day.\n\n## Online safety\n\nFiltering and "
        "monitoring are reviewed every year.",
        phases=["primary", "secondary", "special"], themes=["safeguarding"], statutory=True,
        approved_by="trust-board"),
    policy(
        "homework-policy-oakfield", "Homework policy (Oakfield Academy)",
        "How Oakfield Academy sets homework, how much to expect in each year group, and how "
        "pupils without a quiet place to work at home are supported.",
        "## What homework is for\n\nHomework helps pupils remember what they learned.\n\n"
        "## How much\n\nAbout an hour a week in Year 7, rising in Key stage 4.",
        phases=["ks3", "ks4"], themes=["retrieval-practice"], statutory=False,
        approved_by="headteacher", applies_to=["oakfield-academy"], owner="Deputy headteacher"),
    policy(
        "staff-wellbeing-and-workload", "Staff wellbeing and workload policy",
        "What the trust does to keep staff workload manageable and to look after the "
        "wellbeing and mental health of everyone who works in our schools.",
        "## Workload\n\nNo marking policy may require written comments on every piece of "
        "work. Meetings have agendas and end on time.\n\n## Support\n\nStaff have access to "
        "confidential counselling.",
        phases=["primary", "secondary"], themes=["wellbeing"], statutory=False,
        approved_by="trust-board"),
    policy(
        "charging-and-remissions", "Charging and remissions policy",
        "What our schools may and may not charge parents for, including school trips, music "
        "tuition and materials, and when charges are waived for families on low incomes.",
        "## Trips\n\nTrips in school hours are free, though we may ask for voluntary "
        "contributions. Residential trips are charged for board and lodging.\n\n## Remissions\n\n"
        "Families receiving certain benefits pay nothing.",
        phases=["primary", "secondary"], themes=["disadvantage"], statutory=True,
        approved_by="finance-committee"),
    policy(
        "remote-learning", "Remote learning policy",
        "How our schools keep teaching when pupils cannot attend, using online lessons and "
        "work set on the learning platform.",
        "## When it applies\n\nDuring closures and for pupils well enough to learn but unable "
        "to attend.\n\n## What pupils get\n\nLive or recorded lessons and work every day.",
        phases=["primary", "secondary"], themes=["digital-technology"], statutory=False,
        approved_by="ceo"),
    policy(
        "relationships-sex-and-health-education", "Relationships, sex and health education policy",
        "What our schools teach in relationships education, relationships and sex education, "
        "and health education, and how parents can ask to withdraw their child from sex "
        "education.",
        "## Content\n\nThe curriculum follows statutory guidance, taught through PSHE "
        "lessons.\n\n## Parents\n\nParents are consulted on the policy.",
        phases=["primary", "secondary"], themes=["wellbeing", "safeguarding"], statutory=True,
        approved_by="trust-board", subjects=["pshe"]),
    policy(
        "feedback-and-marking-castle-hill", "Feedback and marking policy (Castle Hill High)",
        "How teachers at Castle Hill High give feedback, when written marking is expected and "
        "how pupils respond to it.",
        "## Principles\n\nFeedback must be acted on. Whole-class feedback and verbal feedback "
        "are encouraged; detailed written marking is kept for assessed pieces.",
        phases=["ks3", "ks4"], themes=["feedback", "assessment"], statutory=False,
        approved_by="headteacher", applies_to=["castle-hill-high"], owner="Deputy headteacher"),
]

# (query as a teacher types it, the item that answers it best)
QUERIES = [
    ("what works for disadvantaged readers in primary", "practice/reciprocal-reading-year-5"),
    ("how do you improve attendance in primary", "practice/first-day-calls-attendance"),
    ("ideas for phonics in year 1", "practice/phonics-catch-up-year-1"),
    ("what does the research say about homework", "research/homework"),
    ("behaviour policy for primary schools", "policies/behaviour-and-relationships-primary"),
    ("how do you help pupils with EAL who have just arrived", "practice/welcoming-new-arrivals-eal"),
    ("ideas for times tables in year 4", "practice/times-tables-year-4"),
    ("whole class feedback gcse english", "practice/whole-class-feedback-gcse-english"),
    ("how to support young carers", "practice/young-carers-lunch-group"),
    ("coaching for new teachers", "practice/instructional-coaching-ects"),
    ("evidence on teaching assistants", "research/teaching-assistant-interventions"),
    ("support for emotionally based school avoidance", "practice/emotionally-based-school-avoidance"),
    ("pupils refusing to come to school because of anxiety", "practice/emotionally-based-school-avoidance"),
    ("ideas for reading for pleasure in secondary", "practice/reading-for-pleasure-tutor-time"),
    ("how do you teach vocabulary in science", "practice/tier-2-vocabulary-year-8-science"),
    ("metacognition evidence", "research/metacognition-and-self-regulation"),
    ("ideas to stretch more able pupils in maths", "practice/stretch-tasks-high-attainers-maths"),
    ("SEND policy", "policies/send-policy"),
    ("safeguarding policy", "policies/safeguarding-and-child-protection"),
    ("talk activities for reception children", "practice/talk-partners-reception"),
    ("how do you get parents involved in reading at key stage 1", "practice/reading-workshops-for-parents"),
    ("helping vulnerable children move up to secondary school", "practice/transition-days-vulnerable-pupils"),
    ("restorative approaches to behaviour in key stage 2", "practice/restorative-conversations-playground"),
    ("calm classroom routines year 7", "practice/classroom-routines-year-7"),
    ("what works for looked after children", "practice/personal-education-plans"),
    ("careers work with employers for disadvantaged students", "practice/employer-encounters-year-10"),
    ("online revision quizzes for gcse science", "practice/online-self-quizzing-gcse-science"),
    ("retrieval practice in languages", "practice/retrieval-quizzes-year-8-french"),
    ("does retrieval practice work", "research/retrieval-practice"),
    ("staff workload", "policies/staff-wellbeing-and-workload"),
    ("can schools charge for trips", "policies/charging-and-remissions"),
    ("pupil premium maths intervention year 4", "practice/same-day-maths-intervention-year-4"),
    ("improving writing in year 3", "practice/sentence-combining-year-3"),
    ("essay writing in the sixth form", "practice/plan-monitor-evaluate-history-essays"),
    ("remote learning", "policies/remote-learning"),
    ("SEN support in mainstream primary classes", "practice/adaptive-teaching-year-3"),
    ("what is the evidence for parental engagement", "research/parental-engagement"),
    ("growing vegetables with children outdoors", "practice/growing-food-school-grounds"),
    ("how can I give feedback to year 2 writers", "practice/verbal-feedback-year-2-writing"),
    ("communication for pupils with complex needs in special schools", "practice/communication-passports"),
    ("marking policy", "policies/feedback-and-marking-castle-hill"),
    ("what works for pupils with SEND in key stage 1 phonics", "practice/phonics-catch-up-year-1"),
    ("behavior management in secondary", "practice/classroom-routines-year-7"),
    ("how does the SENCO identify needs", "policies/send-policy"),
    ("EBSA", "practice/emotionally-based-school-avoidance"),
    ("reading in ks2", "practice/reciprocal-reading-year-5"),
    ("how do I stop low level disruption", "practice/classroom-routines-year-7"),
    ("numeracy intervention for disadvantaged pupils in key stage 2",
     "practice/same-day-maths-intervention-year-4"),
    ("oracy in the early years", "practice/talk-partners-reception"),
    ("what do we know about feedback", "research/feedback"),
]

# The phases' hierarchy, when the taxonomy's schema has `broader` (see the module docstring).
BROADER = {"eyfs": ["primary"], "ks1": ["primary"], "ks2": ["primary"],
           "ks3": ["secondary"], "ks4": ["secondary"]}


# A link in an ordinary page to an item: kept as its text when the fixture has no such item.
ITEM_LINK = re.compile(r"\[([^\]]+)\]\((?:\.\./)?((?:practice|research|policies)/[a-z0-9-]+)\.md[^)]*\)")


def write_fixture(project: Path) -> None:
    content = project / "content"
    for kind in ("practice", "research", "policies"):
        for old in (content / kind).glob("*.md"):
            if old.name != "index.md":
                old.unlink()
    ours = {rel.removesuffix(".md") for rel, _, _ in ITEMS}
    for page in content.rglob("*.md"):
        if page.relative_to(content).parts[0] in ("practice", "research", "policies", "_data"):
            continue
        text = page.read_text(encoding="utf-8")
        kept = ITEM_LINK.sub(lambda m: m.group(0) if m.group(2) in ours else m.group(1), text)
        if kept != text:
            page.write_text(kept, encoding="utf-8")
    for rel, meta, body in ITEMS:
        text = "---\n" + yaml.safe_dump(meta, sort_keys=False, allow_unicode=True) + "---\n\n" + body + "\n"
        (content / rel).write_text(text, encoding="utf-8")
    if "broader" in Term.model_fields:
        taxonomy_path = content / "_data" / "taxonomy.yml"
        taxonomy = yaml.safe_load(taxonomy_path.read_text(encoding="utf-8"))
        for term in taxonomy["phases"]:
            if term["id"] in BROADER and not term.get("broader"):
                term["broader"] = BROADER[term["id"]]
        taxonomy_path.write_text(yaml.safe_dump(taxonomy, sort_keys=False, allow_unicode=True),
                                 encoding="utf-8")


# ---------- the build, the server, the page ----------

class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def fixture_build(tmp_path_factory: pytest.TempPathFactory) -> Build:
    project = copy_project(tmp_path_factory.mktemp("relevance"))
    write_fixture(project)
    result = build(project)
    assert result.returncode == 0, f"the relevance fixture does not build:\n{result.output[-4000:]}"
    return result


@pytest.fixture(scope="module")
def fixture_url(fixture_build: Build) -> Iterator[str]:
    handler = functools.partial(_QuietHandler, directory=str(fixture_build.site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="module")
def explore_page(browser: Any, fixture_url: str) -> Iterator[Any]:
    """One Explore page for every query, as one visitor asking one question after another."""
    context = browser.new_context(viewport=DESKTOP)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(f"{fixture_url}/explore/")
    page.wait_for_function(f"document.querySelector('{APP}').getAttribute('data-op-done')")
    page.errors = errors
    yield page
    context.close()


def ask(page: Any, query: str) -> list[str]:
    """Type the query and press Enter; the results' paths, in order ("practice/x")."""
    before = page.get_attribute(APP, "data-op-done")
    page.fill("#op-q", query)
    page.press("#op-q", "Enter")
    page.wait_for_function(
        """prev => { const d = document.querySelector('[data-op-explore]').getAttribute('data-op-done');
                     return d && d !== prev; }""", arg=before, timeout=15_000)
    paths: list[str] = page.eval_on_selector_all(
        ".op-result__title a", "els => els.map(a => new URL(a.href).pathname.replace(/^\\/|\\/$/g, ''))")
    return paths


def test_the_fixture_is_what_the_queries_expect() -> None:
    ids = {rel.removesuffix(".md") for rel, _, _ in ITEMS}
    assert len(QUERIES) >= 30
    assert {expected for _, expected in QUERIES} <= ids


@pytest.mark.parametrize(("query", "expected"), QUERIES, ids=[q for q, _ in QUERIES])
def test_the_best_answer_is_in_the_top_three(
    explore_page: Any, gates: dict[str, GateResult], query: str, expected: str,
) -> None:
    found = ask(explore_page, query)
    met = expected in found[:TOP]
    place = found.index(expected) + 1 if expected in found else None
    gate = gates["relevance"]
    gate.add(1, int(not met), [] if met else [
        f"“{query}”: {expected} is {'#' + str(place) if place else 'not found'}; "
        f"top {TOP}: {', '.join(found[:TOP]) or 'nothing'}"])
    assert not explore_page.errors, explore_page.errors
    assert met, (f"“{query}”: expected {expected} in the top {TOP}, "
                 f"{'found at #' + str(place) if place else 'not found'}; got {found[:5]}")
