using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Nashir.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class Wire : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "WireFeeds",
                columns: table => new
                {
                    FeedName = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    LastPolledAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    LastSuccessAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    NextPollAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    LastError = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    LastErrorDetail = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    LastErrorAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    LastItemCount = table.Column<int>(type: "INTEGER", nullable: false),
                    ETag = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    LastModified = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_WireFeeds", x => x.FeedName);
                });

            migrationBuilder.CreateTable(
                name: "WireItems",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    FeedName = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    ItemKey = table.Column<string>(type: "TEXT", maxLength: 500, nullable: false),
                    HeadlineHash = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    Headline = table.Column<string>(type: "TEXT", maxLength: 300, nullable: false),
                    Summary = table.Column<string>(type: "TEXT", maxLength: 600, nullable: true),
                    Body = table.Column<string>(type: "TEXT", nullable: false),
                    Link = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    AgencyByline = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    ImageUrl = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    ImageCaption = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    ImageCredit = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    ItemTime = table.Column<DateTime>(type: "TEXT", nullable: false),
                    FirstSeenAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    LastSeenAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    UpdatedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    ContentHash = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    ArticleId = table.Column<int>(type: "INTEGER", nullable: true),
                    AdoptedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    AdoptedById = table.Column<string>(type: "TEXT", maxLength: 450, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_WireItems", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_WireItems_FeedName_HeadlineHash",
                table: "WireItems",
                columns: new[] { "FeedName", "HeadlineHash" });

            migrationBuilder.CreateIndex(
                name: "IX_WireItems_FeedName_ItemKey",
                table: "WireItems",
                columns: new[] { "FeedName", "ItemKey" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_WireItems_ItemTime",
                table: "WireItems",
                column: "ItemTime");

            migrationBuilder.CreateIndex(
                name: "IX_WireItems_LastSeenAt",
                table: "WireItems",
                column: "LastSeenAt");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "WireFeeds");

            migrationBuilder.DropTable(
                name: "WireItems");
        }
    }
}
