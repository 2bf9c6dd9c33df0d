"""The shared default categories every tenant starts with (tenants add their own)."""

from django.db import migrations

from uebergang.offerings.models import DEFAULT_CATEGORIES

ENGLISH = {
    "career_orientation": "Career orientation",
    "application_training": "Application training",
    "internships": "Internships",
    "mentoring": "Mentoring",
    "language_support": "Language support",
    "learning_support": "Learning support and tutoring",
    "parent_work": "Work with parents",
    "vocational_preparation": "Vocational preparation",
    "training_support": "Support during training",
    "counselling": "Counselling",
    "youth_social_work": "Youth social work",
    "school_social_work": "School social work",
    "second_chance": "Catching up on a school qualification",
    "job_fairs": "Training fairs and company visits",
}


def seed(apps, schema_editor):
    Category = apps.get_model("offerings", "Category")
    for position, (code, name) in enumerate(DEFAULT_CATEGORIES):
        Category.objects.update_or_create(
            tenant=None, code=code, defaults={"name": name, "name_en": ENGLISH[code], "position": position}
        )


def unseed(apps, schema_editor):
    apps.get_model("offerings", "Category").objects.filter(tenant=None).delete()


class Migration(migrations.Migration):
    dependencies = [("offerings", "0001_initial")]

    operations = [migrations.RunPython(seed, unseed)]
