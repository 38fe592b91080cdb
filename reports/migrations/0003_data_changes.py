from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('reports', '0002_report_documents'),
    ]

    operations = [
        migrations.CreateModel(
            name='DataChange',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('province_id', models.PositiveBigIntegerField(db_index=True, verbose_name='tỉnh')),
                ('token', models.PositiveIntegerField(verbose_name='mã ngẫu nhiên')),
            ],
            options={
                'verbose_name': 'thay đổi số liệu',
                'verbose_name_plural': 'thay đổi số liệu',
            },
        ),
    ]
